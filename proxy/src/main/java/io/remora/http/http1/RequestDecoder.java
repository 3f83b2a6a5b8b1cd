package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.remora.http.HeaderMap;
import io.remora.http.Recyclable;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decodes HTTP/1.1 requests (downstream). Strict as Envoy's codec: a method it does not know is
 * refused (Envoy answers 400 unless {@code allow_custom_methods}), as is a request line that is
 * not exactly method, target and version separated by single spaces. HTTP/1.0 and other
 * well-formed versions are decoded; the connection manager decides what to answer them.
 */
public final class RequestDecoder extends Http1Decoder {
  /** The methods Envoy's HTTP/1 codec accepts (the http-parser set, and QUERY). */
  private static final Set<String> KNOWN_METHODS = Set.of(
      "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE",
      "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH",
      "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK",
      "UNLOCK", "UNSUBSCRIBE");
  private static final HttpMethod[] COMMON = {
      HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.HEAD, HttpMethod.DELETE, HttpMethod.OPTIONS,
      HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT};

  /** What Envoy answers a request the decoder refused with {@code cause}: status and response code details. */
  public record Refusal(int status, String details) {}

  /** The answer to a request refused with {@code cause} (a decoder failure of this decoder). */
  public static Refusal refusal(Throwable cause) {
    if (cause instanceof TooManyHeadersException) {
      return new Refusal(431, "http1.too_many_headers");
    }
    if (cause instanceof HeadersTooLargeException) {
      return new Refusal(431, "http1.headers_too_large");
    }
    if (cause instanceof UnsupportedTransferEncodingException) {
      return new Refusal(501, "http1.invalid_transfer_encoding");
    }
    return new Refusal(400, "http1.codec_error");
  }

  /** {@code maxHeaderBytes}: the request line and headers together ({@code max_request_headers_kb}). */
  RequestDecoder(int maxHeaderBytes) {
    super(maxHeaderBytes);
  }

  /** The last request target: a connection's requests often repeat it, and then share its String. */
  private String lastTarget;

  @Override
  protected HttpMessage startMessage(byte[] block, int lineEnd, HeaderMap headers, HttpMessage reuse) {
    int methodEnd = indexOf(block, (byte) ' ', 0, lineEnd);
    int targetEnd = methodEnd < 0 ? -1 : indexOf(block, (byte) ' ', methodEnd + 1, lineEnd);
    if (methodEnd <= 0 || targetEnd <= methodEnd + 1) {
      throw new BadMessageException("malformed request line");
    }
    HttpMethod method = method(block, methodEnd);
    for (int i = methodEnd + 1; i < targetEnd; i++) {
      if (!Chars.isTargetChar(block[i])) {
        throw new BadMessageException("invalid character in the request target");
      }
    }
    String target = target(block, methodEnd + 1, targetEnd);
    HttpVersion version = Versions.parse(block, targetEnd + 1, lineEnd);
    String uri = originForm(method, target, headers);
    boolean bodyless = framing(chunkedBody(), declaredContentLength()) == Framing.NONE;
    if (reuse instanceof Request request && request instanceof BodylessRequest == bodyless) {
      request.setProtocolVersion(version);
      request.setMethod(method);
      request.setUri(uri);
      request.setDecoderResult(DecoderResult.SUCCESS);
      request.home.handOut();
      return request;
    }
    // A request of the other kind than the last: the last one's header map goes to a new object.
    return bodyless
        ? new BodylessRequest(this, version, method, uri, headers)
        : new Request(this, version, method, uri, headers);
  }

  /** {@code block[from, to)} as a String: the last target's when the bytes are the same. */
  private String target(byte[] block, int from, int to) {
    String last = lastTarget;
    int length = to - from;
    if (last != null && last.length() == length) {
      int i = 0;
      while (i < length && last.charAt(i) == (block[from + i] & 0xFF)) {
        i++;
      }
      if (i == length) {
        return last;
      }
    }
    String target = new String(block, from, length, StandardCharsets.ISO_8859_1);
    lastTarget = target;
    return target;
  }

  /** A request this decoder reuses, with its header map, once its stream {@link #recycle}s it. */
  private static class Request extends DefaultHttpRequest implements Recyclable {
    private final Return home;

    Request(RequestDecoder decoder, HttpVersion version, HttpMethod method, String uri, HeaderMap headers) {
      super(version, method, uri, headers);
      this.home = decoder.new Return();
    }

    @Override
    public void recycle() {
      home.take(this);
    }
  }

  /**
   * A request without a body, emitted as one message that is also its own end (as Netty's
   * full messages are): one message through the pipeline instead of two, each way.
   */
  private static final class BodylessRequest extends Request implements LastHttpContent {
    BodylessRequest(RequestDecoder decoder, HttpVersion version, HttpMethod method, String uri, HeaderMap headers) {
      super(decoder, version, method, uri, headers);
    }

    @Override
    public ByteBuf content() {
      return Unpooled.EMPTY_BUFFER;
    }

    @Override
    public HttpHeaders trailingHeaders() {
      return EmptyHttpHeaders.INSTANCE;
    }

    /** The end alone: the copy of a part is a part (the head is not copied). */
    @Override
    public LastHttpContent copy() {
      return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    public LastHttpContent duplicate() {
      return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    public LastHttpContent retainedDuplicate() {
      return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    public LastHttpContent replace(ByteBuf content) {
      return new DefaultLastHttpContent(content);
    }

    // Reference counting: the empty content's, which is never freed.
    @Override
    public int refCnt() {
      return 1;
    }

    @Override
    public LastHttpContent retain() {
      return this;
    }

    @Override
    public LastHttpContent retain(int increment) {
      return this;
    }

    @Override
    public LastHttpContent touch() {
      return this;
    }

    @Override
    public LastHttpContent touch(Object hint) {
      return this;
    }

    @Override
    public boolean release() {
      return false;
    }

    @Override
    public boolean release(int decrement) {
      return false;
    }
  }

  /**
   * The target as a path, as Envoy's codec makes it: origin-form ({@code /path}) as it is;
   * {@code *} for OPTIONS; authority-form for CONNECT; absolute-form ({@code http://host/path})
   * becomes its path, and its authority replaces Host (RFC 9112 section 3.2.2). Anything else
   * is refused.
   */
  private static String originForm(HttpMethod method, String target, HeaderMap headers) {
    char first = target.charAt(0);
    if (first == '/' || method == HttpMethod.CONNECT || target.equals("*") && method == HttpMethod.OPTIONS) {
      return target;
    }
    int schemeEnd = target.indexOf("://");
    if (schemeEnd > 0 && isScheme(target, schemeEnd)) {
      int authorityStart = schemeEnd + 3;
      int pathStart = authorityStart;
      while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0) {
        pathStart++;
      }
      if (pathStart == authorityStart) {
        throw new BadMessageException("absolute-form target without a host");
      }
      headers.set(HttpHeaderNames.HOST, new AsciiString(target.substring(authorityStart, pathStart)));
      String path = target.substring(pathStart);
      return path.isEmpty() || path.charAt(0) != '/' ? "/" + path : path;
    }
    throw new BadMessageException("malformed request target");
  }

  private static boolean isScheme(String target, int end) {
    for (int i = 0; i < end; i++) {
      char c = target.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static HttpMethod method(byte[] block, int length) {
    for (HttpMethod common : COMMON) {
      if (Versions.equalsAscii(common.asciiName(), block, 0, length)) {
        return common;
      }
    }
    for (int i = 0; i < length; i++) {
      if (!Chars.isTokenChar(block[i])) {
        throw new BadMessageException("malformed request line");
      }
    }
    String name = new String(block, 0, length, StandardCharsets.ISO_8859_1);
    if (!KNOWN_METHODS.contains(name)) {
      throw new BadMessageException("unknown method " + name);
    }
    return HttpMethod.valueOf(name);
  }

  @Override
  protected Framing framing(HttpMessage message, boolean chunked, long contentLength) {
    return framing(chunked, contentLength);
  }

  private static Framing framing(boolean chunked, long contentLength) {
    if (chunked) {
      return Framing.CHUNKED;
    }
    return contentLength > 0 ? Framing.FIXED : Framing.NONE;
  }

  @Override
  protected HttpMessage failedMessage() {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request", new HeaderMap(4));
  }
}
