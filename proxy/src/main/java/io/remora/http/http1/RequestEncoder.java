package io.remora.http.http1;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** The request line as Netty's {@code HttpRequestEncoder} writes it; see {@link Http1Encoder}. */
final class RequestEncoder extends Http1Encoder {
  private final ArrayDeque<HttpMethod> methods;

  RequestEncoder(ArrayDeque<HttpMethod> methods, EncodeScratch scratch) {
    super(scratch);
    this.methods = methods;
  }

  @Override
  protected void writeStartLine(EncodeScratch out, HttpMessage message) {
    HttpRequest request = (HttpRequest) message;
    methods.addLast(request.method());
    out.writeAscii(request.method().asciiName());
    out.writeByte(' ');
    writeTarget(out, request.uri());
    out.writeByte(' ');
    out.writeAscii(request.protocolVersion().text());
    out.crlf();
  }

  /**
   * The target: {@code /} when empty; an absolute URI without a path gets {@code /} before its
   * query or at its end; characters beyond ASCII as UTF-8 (as Netty writes it).
   */
  private static void writeTarget(EncodeScratch out, String uri) {
    if (uri.isEmpty()) {
      out.writeByte('/');
      return;
    }
    String target = uri;
    int scheme = uri.indexOf("://");
    if (scheme >= 0 && uri.charAt(0) != '/') {
      int authority = scheme + 3;
      int query = uri.indexOf('?', authority);
      if (query < 0) {
        if (uri.lastIndexOf('/') < authority) {
          target = uri + "/";
        }
      } else if (uri.lastIndexOf('/', query) < authority) {
        target = uri.substring(0, query) + "/" + uri.substring(query);
      }
    }
    if (isAscii(target)) {
      out.writeAscii(target);
    } else {
      out.write(target.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
