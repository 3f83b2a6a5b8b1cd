package io.remora.filter.http.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.remora.cluster.Cluster;
import io.remora.cluster.ClusterManager.ClusterWorker;
import io.remora.cluster.ClusterStats;
import io.remora.cluster.ConnectionPool;
import io.remora.cluster.Host;
import io.remora.cluster.UpstreamConnection;
import io.remora.filter.http.router.RouterFilterFactory.RouterConfig;
import io.remora.http.FilterStatus;
import io.remora.http.HeaderMap;
import io.remora.http.Headers;
import io.remora.http.ResponseFlag;
import io.remora.http.StreamDecoderFilter;
import io.remora.http.StreamFilterCallbacks;
import io.remora.internal.TimeoutQueue;
import io.remora.route.Route;
import io.remora.route.RouteAction;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Forwards one request to a host of the routed cluster over a pooled HTTP/1.1 connection and
 * streams the response back, with Envoy's local replies for every way that can fail. Buffers:
 * request data it is given is written upstream (ownership to Netty) or queued until the
 * connection is ready and released if the stream ends first; response parts from upstream are
 * passed with ownership to the filter manager.
 */
final class RouterFilter implements StreamDecoderFilter, ConnectionPool.Callback, UpstreamConnection.Owner {
  /** Envoy's local reply body for a failed upstream, before the reason. */
  static final String UPSTREAM_RESET_BODY = "upstream connect error or disconnect/reset before headers. reset reason: ";

  private final RouterConfig config;
  private StreamFilterCallbacks callbacks;
  private HttpRequest request;
  private Route route;
  private RouteAction.Forward forward;
  private Cluster cluster;
  private ClusterWorker worker;
  private Host host;
  private UpstreamConnection upstream;
  /** Request parts waiting for the upstream connection; made when first needed. */
  private ArrayDeque<HttpContent> pendingBody;
  private long pendingBytes;
  private boolean requestEnded;
  private boolean requestSent;
  private boolean upstreamActive;
  private boolean responseHeadersReceived;
  private boolean responseComplete;
  private boolean skipInformational;
  private boolean upstreamKeepAlive;
  private int responseCode;
  private long upstreamStartNanos;
  /** When the request asked the pool for a connection, while it asks: a connection it has ready answers at once. */
  private long acquireNanos;
  private boolean acquiring;
  /**
   * When the upstream read being handled began (its response head), 0 outside one: the end of
   * the response read with its head needs no clock of its own.
   */
  private long readNanos;
  /** Made once per filter, which its connection's next streams may {@link #reuse}: no object per request. */
  private final TimeoutQueue.Timeout timeout = new TimeoutQueue.Timeout(this::onTimeout);
  /** The pool has yet to answer {@link #onReady} or {@link #onFailure}: the filter cannot be reused before. */
  private boolean awaitingConnection;
  private boolean destroyed;

  RouterFilter(RouterConfig config) {
    this.config = config;
  }

  @Override
  public void setDecoderCallbacks(StreamFilterCallbacks callbacks) {
    this.callbacks = callbacks;
  }

  @Override
  public FilterStatus decodeHeaders(HttpRequest headers, boolean endStream) {
    this.request = headers;
    RouterStats stats = config.stats();
    route = callbacks.route();
    if (route == null) {
      stats.noRoute.inc();
      callbacks.sendLocalReply(HttpResponseStatus.NOT_FOUND, "", ResponseFlag.NO_ROUTE_FOUND, "route_not_found");
      return FilterStatus.STOP_ITERATION;
    }
    RouteAction action = route.action();
    if (action instanceof RouteAction.DirectResponse direct) {
      stats.rqDirectResponse.inc();
      callbacks.sendLocalReply(HttpResponseStatus.valueOf(direct.status()), direct.body(), null, "direct_response");
      return FilterStatus.STOP_ITERATION;
    }
    if (action instanceof RouteAction.Redirect redirect) {
      stats.rqRedirect.inc();
      sendRedirect(redirect);
      return FilterStatus.STOP_ITERATION;
    }
    forward = (RouteAction.Forward) action;
    String clusterName = forward.pickCluster(
        forward.totalWeight() <= 1 ? 0 : ThreadLocalRandom.current().nextLong(forward.totalWeight()));
    worker = config.clusterManager().local(clusterName, callbacks.eventLoop());
    if (worker == null) {
      stats.noCluster.inc();
      callbacks.sendLocalReply(HttpResponseStatus.SERVICE_UNAVAILABLE, "", ResponseFlag.NO_CLUSTER_FOUND,
          "cluster_not_found");
      return FilterStatus.STOP_ITERATION;
    }
    cluster = worker.cluster();
    callbacks.streamInfo().setUpstreamCluster(cluster.name());
    host = worker.chooseHost();
    if (host == null) {
      cluster.stats().upstreamCxNoneHealthy.inc();
      callbacks.sendLocalReply(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream",
          ResponseFlag.NO_HEALTHY_UPSTREAM, "no_healthy_upstream");
      return FilterStatus.STOP_ITERATION;
    }
    stats.rqTotal.inc();
    prepareUpstreamHeaders();
    requestEnded = endStream;
    long now = System.nanoTime(); // for the timeout and an idle connection: one clock read
    if (endStream) {
      startTimeout(now);
    }
    ClusterStats clusterStats = cluster.stats();
    clusterStats.upstreamRqPendingTotal.inc();
    clusterStats.upstreamRqPendingActive.inc();
    awaitingConnection = true;
    acquireNanos = now;
    acquiring = true;
    worker.pool().acquire(host, this);
    acquiring = false;
    return FilterStatus.STOP_ITERATION;
  }

  private void prepareUpstreamHeaders() {
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpHeaders headers = request.headers();
    if (forward.prefixRewrite() != null) {
      if (!config.suppressEnvoyHeaders()) {
        headers.set(Headers.X_ENVOY_ORIGINAL_PATH, request.uri());
      }
      request.setUri(route.rewritePath(request.uri(), forward.prefixRewrite()));
    }
    if (forward.hostRewriteLiteral() != null) {
      headers.set(HttpHeaderNames.HOST, forward.hostRewriteLiteral());
    } else if (forward.autoHostRewrite() && !host.hostname().isEmpty()) {
      headers.set(HttpHeaderNames.HOST, host.hostname());
    }
    if (!config.suppressEnvoyHeaders() && !forward.timeout().isZero()) {
      headers.set(Headers.X_ENVOY_EXPECTED_RQ_TIMEOUT_MS, forward.timeoutMillisText());
    }
  }

  private void sendRedirect(RouteAction.Redirect redirect) {
    String requestHost = request.headers().get(HttpHeaderNames.HOST, "");
    String forwardedProto = request.headers().get(Headers.X_FORWARDED_PROTO, "http");
    String scheme = redirect.scheme() != null ? redirect.scheme() : forwardedProto;
    String hostName = redirect.host() != null ? redirect.host() : requestHost;
    if (redirect.port() != 0) {
      int colon = hostName.lastIndexOf(':');
      if (colon > hostName.lastIndexOf(']')) {
        hostName = hostName.substring(0, colon);
      }
      hostName = hostName + ":" + redirect.port();
    }
    String uri = request.uri();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    String queryString = query < 0 ? "" : uri.substring(query);
    if (redirect.path() != null) {
      path = redirect.path();
      if (path.contains("?")) {
        queryString = "";
      }
    }
    if (redirect.stripQuery()) {
      queryString = "";
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(redirect.responseCode()), new HeaderMap(4));
    response.headers().set(HttpHeaderNames.LOCATION, scheme + "://" + hostName + path + queryString);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    callbacks.streamInfo().setResponseCodeDetails("direct_response");
    callbacks.encodeHeaders(response, true);
  }

  private ArrayDeque<HttpContent> pendingBody() {
    if (pendingBody == null) {
      pendingBody = new ArrayDeque<>(2);
    }
    return pendingBody;
  }

  private void startTimeout() {
    startTimeout(System.nanoTime());
  }

  private void startTimeout(long nowNanos) {
    if (forward.timeout().isZero() || timeout.pending() || destroyed) {
      return;
    }
    config.timeouts().get().schedule(timeout, forward.timeout().toNanos(), nowNanos);
  }

  // ---- the connection pool's answer ----

  @Override
  public void onReady(UpstreamConnection connection) {
    awaitingConnection = false;
    ClusterStats stats = cluster.stats();
    stats.upstreamRqPendingActive.dec();
    if (destroyed || responseComplete) {
      connection.release(true);
      return;
    }
    upstream = connection;
    worker.pool().bind(connection, this);
    upstreamActive = true;
    upstreamStartNanos = acquiring ? acquireNanos : System.nanoTime();
    host.onRequestStart();
    stats.upstreamRqTotal.inc();
    stats.upstreamRqActive.inc();
    callbacks.streamInfo().setUpstreamHost(host.address());
    if (request instanceof LastHttpContent) {
      // A request without a body came as one message, its own end: written and flushed at once.
      requestSent = true;
      connection.writeAndFlush(request);
    } else {
      connection.write(request);
      while (pendingBody != null && !pendingBody.isEmpty()) {
        connection.write(pendingBody.pollFirst());
      }
      pendingBytes = 0;
      if (requestEnded && !requestSent) {
        requestSent = true;
        connection.write(LastHttpContent.EMPTY_LAST_CONTENT);
      }
      connection.flush();
    }
    callbacks.setDownstreamReadBlocked(!connection.channel().isWritable());
    connection.read();
  }

  @Override
  public void onFailure(ConnectionPool.Failure failure, String detail) {
    awaitingConnection = false;
    cluster.stats().upstreamRqPendingActive.dec();
    if (destroyed) {
      return;
    }
    cancelTimeout();
    callbacks.streamInfo().setUpstreamHost(host.address());
    callbacks.sendLocalReply(HttpResponseStatus.SERVICE_UNAVAILABLE, UPSTREAM_RESET_BODY + failure.reason(),
        ResponseFlag.UPSTREAM_CONNECTION_FAILURE,
        "upstream_reset_before_response_started{" + failure.reason().replace(' ', '_') + "}");
  }

  // ---- request body from downstream ----

  @Override
  public FilterStatus decodeData(ByteBuf data, boolean endStream) {
    if (destroyed || responseComplete) {
      data.release();
      return FilterStatus.STOP_ITERATION;
    }
    HttpContent part = endStream
        ? new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE)
        : new DefaultHttpContent(data);
    if (endStream) {
      requestEnded = true;
      startTimeout();
    }
    if (upstream == null) {
      pendingBody().addLast(part);
      pendingBytes += data.readableBytes();
      if (endStream) {
        requestSent = true; // written with the queue when the connection is ready
      }
      if (pendingBytes > cluster.perConnectionBufferLimitBytes()) {
        callbacks.setDownstreamReadBlocked(true);
      }
      return FilterStatus.STOP_ITERATION;
    }
    if (endStream) {
      requestSent = true;
    }
    upstream.writeAndFlush(part);
    if (!upstream.channel().isWritable()) {
      callbacks.setDownstreamReadBlocked(true);
    }
    return FilterStatus.STOP_ITERATION;
  }

  @Override
  public FilterStatus decodeTrailers(HttpHeaders trailers) {
    if (destroyed || responseComplete) {
      return FilterStatus.STOP_ITERATION;
    }
    requestEnded = true;
    requestSent = true;
    startTimeout();
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    last.trailingHeaders().set(trailers);
    if (upstream == null) {
      pendingBody().addLast(last);
    } else {
      upstream.writeAndFlush(last);
    }
    return FilterStatus.STOP_ITERATION;
  }

  @Override
  public void onUpstreamWritabilityChanged(boolean writable) {
    callbacks.setDownstreamReadBlocked(!writable);
  }

  // ---- response from upstream ----

  @Override
  public void onUpstreamMessage(HttpObject message) {
    if (destroyed || responseComplete) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message instanceof HttpResponse response) {
      onResponseHeaders(response);
      if (message instanceof HttpContent) {
        // Never produced by the client codec; handled for completeness.
        onResponseData((HttpContent) message);
      }
    } else if (message instanceof HttpContent content) {
      onResponseData(content);
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  private void onResponseHeaders(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      upstreamFailed(ResponseFlag.UPSTREAM_PROTOCOL_ERROR, "protocol error");
      return;
    }
    int code = response.status().code();
    if (code >= 100 && code < 200) {
      skipInformational = true; // Envoy already answered 100-continue itself
      return;
    }
    responseHeadersReceived = true;
    responseCode = code;
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    long now = System.nanoTime();
    readNanos = now;
    callbacks.streamInfo().markFirstUpstreamByte(now);
    cluster.stats().recordResponseCode(code);
    if (!config.suppressEnvoyHeaders()) {
      response.headers().set(Headers.X_ENVOY_UPSTREAM_SERVICE_TIME, Headers.number((now - upstreamStartNanos) / 1_000_000));
    }
    callbacks.encodeHeaders(response, false);
  }

  private void onResponseData(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (skipInformational) {
      content.release();
      if (last) {
        skipInformational = false;
      }
      return;
    }
    if (content.decoderResult().isFailure()) {
      content.release();
      upstreamFailed(ResponseFlag.UPSTREAM_PROTOCOL_ERROR, "protocol error");
      return;
    }
    if (!last) {
      callbacks.encodeData(content.content(), false);
      return;
    }
    HttpHeaders trailers = ((LastHttpContent) content).trailingHeaders();
    endUpstreamRequest(true);
    if (!trailers.isEmpty()) {
      callbacks.encodeData(content.content(), false);
      callbacks.encodeTrailers(trailers);
    } else {
      callbacks.encodeData(content.content(), true);
    }
  }

  @Override
  public void onUpstreamReadComplete() {
    readNanos = 0;
    callbacks.flush();
    if (upstream != null && !responseComplete && callbacks.downstreamWritable()) {
      upstream.read();
    }
  }

  @Override
  public void onDownstreamWritabilityChanged(boolean writable) {
    if (writable && upstream != null && !responseComplete) {
      upstream.read();
    }
  }

  @Override
  public void onUpstreamClosed() {
    upstream = null;
    if (destroyed || responseComplete) {
      return;
    }
    cluster.stats().upstreamRqRxReset.inc();
    upstreamFailed(ResponseFlag.UPSTREAM_CONNECTION_TERMINATION, "connection termination");
  }

  /** The upstream broke mid-request: a 503 if nothing was sent downstream yet, else a reset. */
  private void upstreamFailed(ResponseFlag flag, String reason) {
    finishUpstream(false, false);
    if (callbacks.responseStarted()) {
      config.stats().rqResetAfterDownstreamResponseStarted.inc();
      callbacks.streamInfo().setResponseFlag(flag);
      callbacks.resetStream();
    } else {
      callbacks.sendLocalReply(HttpResponseStatus.SERVICE_UNAVAILABLE, UPSTREAM_RESET_BODY + reason, flag,
          "upstream_reset_before_response_started{" + reason.replace(' ', '_') + "}");
    }
  }

  private void onTimeout() {
    if (destroyed || responseComplete) {
      return;
    }
    cluster.stats().upstreamRqTimeout.inc();
    finishUpstream(false, true);
    if (callbacks.responseStarted()) {
      callbacks.streamInfo().setResponseFlag(ResponseFlag.UPSTREAM_REQUEST_TIMEOUT);
      callbacks.resetStream();
    } else {
      callbacks.sendLocalReply(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout",
          ResponseFlag.UPSTREAM_REQUEST_TIMEOUT, "upstream_response_timeout");
    }
  }

  /** The response is complete: count it and give the connection back for reuse. */
  private void endUpstreamRequest(boolean success) {
    responseComplete = true;
    cancelTimeout();
    UpstreamConnection connection = upstream;
    upstream = null;
    recordEnd(responseCode < 500, false);
    if (connection != null) {
      connection.release(success && requestSent && upstreamKeepAlive && (pendingBody == null || pendingBody.isEmpty()));
    }
  }

  /** Abandons the upstream request: the connection is closed, never reused. */
  private void finishUpstream(boolean success, boolean timedOut) {
    responseComplete = true;
    cancelTimeout();
    recordEnd(success, timedOut);
    UpstreamConnection connection = upstream;
    upstream = null;
    if (connection != null) {
      connection.release(false);
    }
  }

  private void recordEnd(boolean success, boolean timedOut) {
    if (!upstreamActive) {
      return;
    }
    upstreamActive = false;
    ClusterStats stats = cluster.stats();
    stats.upstreamRqActive.dec();
    stats.upstreamRqCompleted.inc();
    long now = readNanos != 0 ? readNanos : System.nanoTime();
    readNanos = 0;
    stats.upstreamRqTime.record((now - upstreamStartNanos) / 1_000_000);
    host.onRequestEnd(success, timedOut);
  }

  private void cancelTimeout() {
    timeout.cancel();
  }

  @Override
  public void onDestroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    while (pendingBody != null && !pendingBody.isEmpty()) {
      pendingBody.pollFirst().release();
    }
    if (!responseComplete) {
      if (upstreamActive) {
        cluster.stats().upstreamRqTxReset.inc();
      }
      finishUpstream(false, false);
    }
    cancelTimeout();
    request = null; // the request's headers: an idle connection keeps this filter, not them
  }

  /**
   * Starts over for the connection's next stream once destroyed, unless a connection attempt
   * is still to answer (the timeout is cancelled and the upstream connection given back at
   * destroy): one object less per request (~100 of ~1,000 bytes at a 6-byte body).
   */
  @Override
  public boolean reuse() {
    if (!destroyed || awaitingConnection) {
      return false;
    }
    request = null;
    route = null;
    forward = null;
    cluster = null;
    worker = null;
    host = null;
    upstream = null;
    pendingBytes = 0;
    requestEnded = false;
    requestSent = false;
    upstreamActive = false;
    responseHeadersReceived = false;
    responseComplete = false;
    skipInformational = false;
    upstreamKeepAlive = false;
    responseCode = 0;
    upstreamStartNanos = 0;
    acquiring = false;
    readNanos = 0;
    destroyed = false;
    return true;
  }
}
