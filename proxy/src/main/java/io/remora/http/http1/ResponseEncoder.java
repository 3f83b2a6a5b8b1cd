package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Netty's HTTP/1 response encoder, writing a {@link io.remora.http.HeaderMap} without iterators. */
public final class ResponseEncoder extends HttpResponseEncoder {
  @Override
  protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
    if (!HeaderBlock.write(headers, buf)) {
      super.encodeHeaders(headers, buf);
    }
  }
}
