package io.remora.filter.network.http_connection_manager;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.Set;

/**
 * Netty's HTTP/1.1 request decoder, made as strict as Envoy: a request with both
 * {@code Content-Length} and {@code Transfer-Encoding} is refused (Envoy answers 400), where
 * Netty would drop the length and go on; so is a method Envoy's codec does not know (Envoy
 * answers 400 unless {@code allow_custom_methods}), where Netty accepts any token.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
  /** The methods Envoy's HTTP/1 codec accepts (the http-parser set, and QUERY). */
  private static final Set<String> KNOWN_METHODS = Set.of(
      "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE",
      "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH",
      "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK",
      "UNLOCK", "UNSUBSCRIBE");

  /** The decoder failure that marks a request whose method Envoy would not parse. */
  static final class UnknownMethodException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownMethodException(String method) {
      super("unknown method " + method);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a protocol verdict, not a bug: no stack trace to collect
    }
  }

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

  /**
   * Netty's one hook after it has set a successful decoder result on the headers: the place to
   * turn an unknown method into a failure the connection manager answers with 400.
   */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    if (message instanceof HttpRequest request && !KNOWN_METHODS.contains(request.method().name())) {
      message.setDecoderResult(DecoderResult.failure(new UnknownMethodException(request.method().name())));
    }
    return super.isContentAlwaysEmpty(message);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.setDecoderResult(DecoderResult.failure(new ConflictingFramingException()));
  }
}
