package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.remora.http.HeaderMap;
import io.remora.http.Recyclable;
import java.util.ArrayDeque;

/**
 * Decodes HTTP/1.1 responses (upstream). The status is the code's standard one: Envoy does not
 * pass an upstream's own reason phrase on either. Bodies are framed by the request they answer
 * (none after HEAD), by the status (none for 1xx, 204, 304), by Transfer-Encoding or
 * Content-Length, else by the connection's close.
 */
public final class ResponseDecoder extends Http1Decoder {
  private final ArrayDeque<HttpMethod> requestMethods;

  /** {@code requestMethods}: the methods of the requests sent, oldest first (filled by the encoder). */
  ResponseDecoder(int maxHeaderBytes, ArrayDeque<HttpMethod> requestMethods) {
    super(maxHeaderBytes);
    this.requestMethods = requestMethods;
  }

  @Override
  protected HttpMessage startMessage(byte[] block, int lineEnd, HeaderMap headers, HttpMessage reuse) {
    int versionEnd = indexOf(block, (byte) ' ', 0, lineEnd);
    if (versionEnd < 0 || lineEnd - versionEnd < 4) {
      throw new BadMessageException("malformed status line");
    }
    HttpVersion version = Versions.parse(block, 0, versionEnd);
    int code = 0;
    for (int i = versionEnd + 1; i < versionEnd + 4; i++) {
      byte b = block[i];
      if (b < '0' || b > '9') {
        throw new BadMessageException("malformed status code");
      }
      code = code * 10 + (b - '0');
    }
    if (code < 100 || versionEnd + 4 < lineEnd && block[versionEnd + 4] != ' ') {
      throw new BadMessageException("malformed status line");
    }
    HttpResponseStatus status = Statuses.of(code);
    if (reuse instanceof Response response) {
      response.setProtocolVersion(version);
      response.setStatus(status);
      response.setDecoderResult(DecoderResult.SUCCESS);
      response.home.handOut();
      return response;
    }
    return new Response(this, version, status, headers);
  }

  /** A response this decoder reuses, with its header map, once the stream that sent it on {@link #recycle}s it. */
  private static final class Response extends DefaultHttpResponse implements Recyclable {
    private final Return home;
    /** The wrapper of its body's last part, reused with it. */
    private final LastPart lastPart = new LastPart();

    Response(ResponseDecoder decoder, HttpVersion version, HttpResponseStatus status, HeaderMap headers) {
      super(version, status, headers);
      this.home = decoder.new Return();
    }

    @Override
    public void recycle() {
      // The body's last buffer went with its part and may since be another's: forget it.
      lastPart.wrap(null);
      home.take(this);
    }
  }

  @Override
  protected LastHttpContent lastPart(HttpMessage message, ByteBuf data) {
    return message instanceof Response response ? response.lastPart.wrap(data) : super.lastPart(message, data);
  }

  @Override
  protected Framing framing(HttpMessage message, boolean chunked, long contentLength) {
    int code = ((HttpResponse) message).status().code();
    if (code < 200) {
      return Framing.NONE; // informational: the final response follows
    }
    HttpMethod method = requestMethods.pollFirst();
    if (method == HttpMethod.HEAD || code == 204 || code == 304) {
      return Framing.NONE;
    }
    if (chunked) {
      return Framing.CHUNKED;
    }
    return contentLength >= 0 ? Framing.FIXED : Framing.UNTIL_CLOSE;
  }

  @Override
  protected HttpMessage failedMessage() {
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY, new HeaderMap(4));
  }
}
