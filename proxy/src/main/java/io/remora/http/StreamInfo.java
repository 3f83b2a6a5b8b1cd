package io.remora.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * What is known about one request/response exchange, for access logs and stats. Mutated only
 * on the stream's event loop; read by the access logger when the stream ends. A connection's
 * next stream may {@link #reset} and reuse it once the access logs have read it.
 */
public final class StreamInfo {
  private long startTimeMillis;
  private long startNanos;
  private final InetSocketAddress downstreamRemoteAddress;
  private final InetSocketAddress downstreamLocalAddress;
  /** Made on the first flag: most streams end without one. */
  private EnumSet<ResponseFlag> responseFlags;
  private String protocol = "HTTP/1.1";
  private HttpHeaders requestHeaders;
  private String method;
  private String path;
  /** Kept as the header value it is (a view of the request's bytes); a String only if a log asks. */
  private CharSequence authority;
  private HttpHeaders responseHeaders;
  private HttpHeaders responseTrailers;
  private int responseCode;
  private String responseCodeDetails;
  private long bytesReceived;
  private long bytesSent;
  private long endNanos = -1;
  private long firstUpstreamByteNanos = -1;
  private long requestCompleteNanos = -1;
  private InetSocketAddress upstreamHost;
  private String upstreamCluster;
  private String routeName;

  public StreamInfo(
      long startTimeMillis,
      long startNanos,
      InetSocketAddress downstreamRemoteAddress,
      InetSocketAddress downstreamLocalAddress) {
    this.startTimeMillis = startTimeMillis;
    this.startNanos = startNanos;
    this.downstreamRemoteAddress = downstreamRemoteAddress;
    this.downstreamLocalAddress = downstreamLocalAddress;
  }

  /**
   * Starts over for the next exchange on the same downstream connection (same addresses):
   * everything else is forgotten, references included, so an idle connection holds nothing of
   * its last request.
   */
  public void reset(long startTimeMillis, long startNanos) {
    this.startTimeMillis = startTimeMillis;
    this.startNanos = startNanos;
    forget();
  }

  /** Drops what the last exchange left (headers, names, flags) once nothing reads it any more. */
  public void forget() {
    if (responseFlags != null) {
      responseFlags.clear();
    }
    protocol = "HTTP/1.1";
    requestHeaders = null;
    method = null;
    path = null;
    authority = null;
    responseHeaders = null;
    responseTrailers = null;
    responseCode = 0;
    responseCodeDetails = null;
    bytesReceived = 0;
    bytesSent = 0;
    endNanos = -1;
    firstUpstreamByteNanos = -1;
    requestCompleteNanos = -1;
    upstreamHost = null;
    upstreamCluster = null;
    routeName = null;
  }

  public long startTimeMillis() {
    return startTimeMillis;
  }

  public long startNanos() {
    return startNanos;
  }

  public InetSocketAddress downstreamRemoteAddress() {
    return downstreamRemoteAddress;
  }

  public InetSocketAddress downstreamLocalAddress() {
    return downstreamLocalAddress;
  }

  public Set<ResponseFlag> responseFlags() {
    return responseFlags == null || responseFlags.isEmpty() ? Set.of() : responseFlags;
  }

  public void setResponseFlag(ResponseFlag flag) {
    if (responseFlags == null) {
      responseFlags = EnumSet.noneOf(ResponseFlag.class);
    }
    responseFlags.add(flag);
  }

  public String protocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  /** Request headers as sent upstream (after filters); null before they arrive. */
  public HttpHeaders requestHeaders() {
    return requestHeaders;
  }

  public void setRequest(String method, String path, CharSequence authority, HttpHeaders headers) {
    this.method = method;
    this.path = path;
    this.authority = authority;
    this.requestHeaders = headers;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String authority() {
    return authority == null ? null : authority.toString();
  }

  public HttpHeaders responseHeaders() {
    return responseHeaders;
  }

  public void setResponseHeaders(HttpHeaders headers) {
    this.responseHeaders = headers;
  }

  public HttpHeaders responseTrailers() {
    return responseTrailers;
  }

  public void setResponseTrailers(HttpHeaders trailers) {
    this.responseTrailers = trailers;
  }

  /** 0 when no response was sent. */
  public int responseCode() {
    return responseCode;
  }

  public void setResponseCode(int code) {
    this.responseCode = code;
  }

  /** Envoy's {@code %RESPONSE_CODE_DETAILS%}, e.g. {@code via_upstream}, {@code route_not_found}. */
  public String responseCodeDetails() {
    return responseCodeDetails;
  }

  public void setResponseCodeDetails(String details) {
    this.responseCodeDetails = details;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public void addBytesReceived(long bytes) {
    bytesReceived += bytes;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public void addBytesSent(long bytes) {
    bytesSent += bytes;
  }

  public void markEnd(long nanos) {
    if (endNanos < 0) {
      endNanos = nanos;
    }
  }

  /** Total duration in nanoseconds, or -1 while the stream is open. */
  public long durationNanos() {
    return endNanos < 0 ? -1 : endNanos - startNanos;
  }

  /** The last byte of the request arrived from downstream. */
  public void markRequestComplete(long nanos) {
    if (requestCompleteNanos < 0) {
      requestCompleteNanos = nanos;
    }
  }

  /** Nanoseconds from start to the end of the request, or -1 (Envoy's REQUEST_DURATION). */
  public long requestCompleteNanos() {
    return requestCompleteNanos < 0 ? -1 : requestCompleteNanos - startNanos;
  }

  public void markFirstUpstreamByte(long nanos) {
    if (firstUpstreamByteNanos < 0) {
      firstUpstreamByteNanos = nanos;
    }
  }

  /** Nanoseconds from start to the first upstream response byte, or -1. */
  public long firstUpstreamByteNanos() {
    return firstUpstreamByteNanos < 0 ? -1 : firstUpstreamByteNanos - startNanos;
  }

  public InetSocketAddress upstreamHost() {
    return upstreamHost;
  }

  public void setUpstreamHost(InetSocketAddress host) {
    this.upstreamHost = host;
  }

  public String upstreamCluster() {
    return upstreamCluster;
  }

  public void setUpstreamCluster(String cluster) {
    this.upstreamCluster = cluster;
  }

  public String routeName() {
    return routeName;
  }

  public void setRouteName(String routeName) {
    this.routeName = routeName;
  }
}
