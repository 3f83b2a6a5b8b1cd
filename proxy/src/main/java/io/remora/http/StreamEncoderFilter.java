package io.remora.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/** A filter on the response path; buffer ownership as for {@link StreamDecoderFilter}. */
public interface StreamEncoderFilter extends StreamFilterBase {
  default void setEncoderCallbacks(StreamFilterCallbacks callbacks) {}

  FilterStatus encodeHeaders(HttpResponse response, boolean endStream);

  default FilterStatus encodeData(ByteBuf data, boolean endStream) {
    return FilterStatus.CONTINUE;
  }

  default FilterStatus encodeTrailers(HttpHeaders trailers) {
    return FilterStatus.CONTINUE;
  }
}
