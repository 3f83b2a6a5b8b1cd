package io.remora.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A filter on the request path. Buffers: a {@code decodeData} buffer passed on with CONTINUE
 * stays owned by the chain (the next filter, finally the router, which releases or forwards
 * it); one kept with STOP_ITERATION is owned, and must be released, by this filter.
 */
public interface StreamDecoderFilter extends StreamFilterBase {
  default void setDecoderCallbacks(StreamFilterCallbacks callbacks) {}

  FilterStatus decodeHeaders(HttpRequest request, boolean endStream);

  default FilterStatus decodeData(ByteBuf data, boolean endStream) {
    return FilterStatus.CONTINUE;
  }

  default FilterStatus decodeTrailers(HttpHeaders trailers) {
    return FilterStatus.CONTINUE;
  }

  /** The downstream cannot take more response bytes right now (or can again). */
  default void onDownstreamWritabilityChanged(boolean writable) {}
}
