package io.remora.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.remora.route.Route;

/** What the filter manager offers a filter: the stream's state, and ways to act on it. */
public interface StreamFilterCallbacks {
  StreamInfo streamInfo();

  /** The downstream connection; use only on {@link #eventLoop()}. */
  Channel connection();

  EventLoop eventLoop();

  /** The route picked for the current request headers, or null if none matched. */
  Route route();

  /** Forget the cached route; the next {@link #route()} matches the (changed) headers again. */
  void clearRouteCache();

  /** Resumes decoding after a filter returned STOP_ITERATION. */
  void continueDecoding();

  /**
   * Ends the stream with a response made here (Envoy's sendLocalReply): status, text body
   * (empty for none), the response flag to record (null for none) and the details string.
   */
  void sendLocalReply(HttpResponseStatus status, String body, ResponseFlag flag, String details);

  /** Starts the response from upstream (or a filter): passes it through the encoder filters. */
  void encodeHeaders(HttpResponse response, boolean endStream);

  /** Response body; ownership of {@code data} passes to the filter manager. */
  void encodeData(ByteBuf data, boolean endStream);

  void encodeTrailers(HttpHeaders trailers);

  /** Writes what was encoded so far to the downstream socket. */
  void flush();

  /** True once response headers went downstream (a local reply is then impossible). */
  boolean responseStarted();

  /** The downstream can take more response bytes without buffering past its limit. */
  boolean downstreamWritable();

  /** Stop or resume reading the request from downstream (upstream backpressure). */
  void setDownstreamReadBlocked(boolean blocked);

  /**
   * Abandons the stream without a response (upstream reset after the response started):
   * the downstream connection is closed.
   */
  void resetStream();
}
