package io.remora.filter.network.http_connection_manager;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's HTTP/1.1 request decoder, made as strict as Envoy: a request with both
 * {@code Content-Length} and {@code Transfer-Encoding} is refused (Envoy answers 400), where
 * Netty would drop the length and go on.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
  /** The decoder failure that marks a request with both framing headers. */
  static final class ConflictingFramingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConflictingFramingException() {
      super("both Content-Length and Transfer-Encoding");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a protocol verdict, not a bug: no stack trace to collect
    }
  }

  StrictRequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.setDecoderResult(DecoderResult.failure(new ConflictingFramingException()));
  }
}
