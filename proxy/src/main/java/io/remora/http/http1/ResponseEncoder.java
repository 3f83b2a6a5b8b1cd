package io.remora.http.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Encodes HTTP/1.1 responses (downstream), as Netty's {@code HttpResponseEncoder} does: no body
 * after 1xx (but 101 for a WebSocket handshake), 204, 205 and 304, whose framing headers are
 * dropped (205: Content-Length 0). See {@link Http1Encoder} for buffers.
 */
final class ResponseEncoder extends Http1Encoder {
  /** {@code HTTP/1.1 <code> <reason>\r\n} for each standard status, indexed by code. */
  private static final byte[][] STATUS_LINES = new byte[Statuses.LIMIT][];

  static {
    for (int code = 100; code < STATUS_LINES.length; code++) {
      HttpResponseStatus status = Statuses.standard(code);
      if (status != null) {
        STATUS_LINES[code] = ("HTTP/1.1 " + code + " " + status.reasonPhrase() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** {@code scratch}: the event loop's (see {@link EncodeScratch}). */
  ResponseEncoder(EncodeScratch scratch) {
    super(scratch);
  }

  @Override
  protected void writeStartLine(EncodeScratch out, HttpMessage message) {
    HttpResponse response = (HttpResponse) message;
    HttpResponseStatus status = response.status();
    int code = status.code();
    if (response.protocolVersion() == HttpVersion.HTTP_1_1 && code >= 100 && code < STATUS_LINES.length
        && STATUS_LINES[code] != null && status == Statuses.standard(code)) {
      out.write(STATUS_LINES[code]);
      return;
    }
    out.writeAscii(response.protocolVersion().text());
    out.writeByte(' ');
    out.writeAscii(status.codeAsText());
    out.writeByte(' ');
    out.writeAscii(status.reasonPhrase());
    out.crlf();
  }

  @Override
  protected boolean bodyless(HttpMessage message) {
    HttpResponse response = (HttpResponse) message;
    int code = response.status().code();
    if (code >= 100 && code < 200) {
      return code != 101 || !response.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    }
    return code == 204 || code == 205 || code == 304;
  }

  @Override
  protected void sanitize(HttpMessage message, boolean bodyless) {
    if (!bodyless) {
      return;
    }
    int code = ((HttpResponse) message).status().code();
    if (code >= 100 && code < 200 || code == 204) {
      message.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      message.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    } else if (code == 205) {
      message.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      message.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    }
  }
}
