package io.remora.filter.network.http_connection_manager;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.remora.http.ResponseFlag;
import io.remora.http.http1.EncodeScratch;
import io.remora.http.http1.Http1Codec;
import io.remora.http.http1.RequestDecoder;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One downstream HTTP/1.1 connection, and its pipeline's only handler: decodes requests with its
 * {@link Http1Codec}, turns them into {@link ActiveStream}s, one at a time (pipelined requests
 * wait their turn), encodes the streams' responses with the same codec, and drives reads by
 * hand: one read stays pending unless the upstream pushes back or pipelined requests wait.
 * Buffers: bytes read go, with ownership, to the codec; decoded request parts go, with
 * ownership, to the current stream; queued pipelined parts are owned here and released if the
 * connection closes first; response parts the streams write go, with ownership, to the codec,
 * and from it to the channel; the codec's kept bytes are released when the handler is removed.
 */
final class HttpConnectionManager extends ChannelInboundHandlerAdapter implements Http1Codec.Sink {
  private static final Logger log = LoggerFactory.getLogger(HttpConnectionManager.class);

  private final HcmConfig config;
  private final Http1Codec codec;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>(2); // small: most connections never pipeline
  private ChannelHandlerContext ctx;
  private ActiveStream stream;
  /** The last finished stream, kept for reuse by the next request (see {@link ActiveStream#reuse}). */
  private ActiveStream retired;
  /** A finished stream no call of its own can be under any more: the next request takes it. */
  private ActiveStream spare;
  private boolean readBlocked;
  private boolean closing;
  /**
   * A stream wrote since the last flush: a read that wrote nothing downstream (most requests:
   * the response comes with a later upstream read) and an upstream read after the response's
   * end need no flush, which would walk the pipeline for nothing.
   */
  private boolean unflushed;
  private long openedNanos;

  /** {@code scratch}: the event loop's, for the codec's encoder. */
  HttpConnectionManager(HcmConfig config, EncodeScratch scratch) {
    this.config = config;
    this.codec = Http1Codec.server(config.maxRequestHeadersBytes(), scratch);
  }

  HcmConfig config() {
    return config;
  }

  ChannelHandlerContext context() {
    return ctx;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    codec.release();
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    openedNanos = System.nanoTime();
    HcmStats stats = config.stats();
    stats.downstreamCxTotal.inc();
    stats.downstreamCxActive.inc();
    stats.downstreamCxHttp1Total.inc();
    stats.downstreamCxHttp1Active.inc();
    context.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    codec.read(context, message, this);
  }

  /** A decoded request part (ownership comes with it). */
  @Override
  public void onDecoded(HttpObject message) {
    if (retired != null) {
      // A read from the socket: the retired stream's own calls are all over by now.
      spare = retired;
      retired = null;
    }
    if (closing) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (stream != null && stream.codecInputComplete() || !pipelined.isEmpty()) {
      pipelined.addLast(message); // the next request waits for the current response
      return;
    }
    dispatch(message);
  }

  private void dispatch(Object message) {
    if (message instanceof HttpRequest request) {
      if (request.decoderResult().isFailure()) {
        protocolError(request.decoderResult().cause());
        ReferenceCountUtil.release(message);
        return;
      }
      if (spare != null) {
        stream = spare.reuse(request);
        spare = null;
      } else {
        stream = new ActiveStream(this, request);
      }
      if (request.protocolVersion() != HttpVersion.HTTP_1_1) {
        // Envoy refuses HTTP/1.0 unless accept_http_10 is set.
        stream.refuse(HttpResponseStatus.UPGRADE_REQUIRED, HttpResponseStatus.UPGRADE_REQUIRED.reasonPhrase(), null,
            "low_version");
        if (message instanceof HttpContent content) {
          content.release();
        }
        return;
      }
      ActiveStream started = stream;
      started.start(request);
      if (message instanceof HttpContent content) {
        // A request without a body is its own end (a full message). Its stream may have ended
        // within start (a local reply), and a pipelined request's begun since: not that one's.
        if (stream == started && started.handles(request)) {
          started.onData(content);
        } else {
          content.release();
        }
      }
    } else if (message instanceof HttpContent content) {
      if (content.decoderResult().isFailure()) {
        content.release();
        protocolError(content.decoderResult().cause());
      } else if (stream != null) {
        stream.onData(content);
      } else {
        content.release(); // the rest of a request whose stream already ended
      }
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  /** A request the codec refused: Envoy's 400 (431, 501), then the connection closes. */
  private void protocolError(Throwable cause) {
    config.stats().downstreamCxProtocolError.inc();
    RequestDecoder.Refusal refusal = RequestDecoder.refusal(cause);
    HttpResponseStatus status = HttpResponseStatus.valueOf(refusal.status());
    if (stream != null && stream.responseStarted()) {
      stream.resetStream();
      return;
    }
    if (stream == null) {
      stream = new ActiveStream(this, null);
    }
    log.debug("downstream protocol error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    stream.refuse(status, status.reasonPhrase(), ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR, refusal.details());
    closing = true;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    boolean partial = codec.readComplete();
    flush();
    if (partial) {
      context.read(); // the rest of a request: read on whatever else says (as Netty's decoders do)
    } else {
      maybeRead();
    }
  }

  /** Writes a response part (ownership to the codec), to go out with the connection's next flush. */
  void write(Object part) {
    codec.write(ctx, part, ctx.voidPromise());
    unflushed = true;
  }

  /** Writes {@code message} (ownership to the codec) and flushes it with whatever came before. */
  void writeAndFlush(Object message) {
    unflushed = false;
    codec.write(ctx, message, ctx.voidPromise());
    codec.flush(ctx);
  }

  /** Flushes what the streams wrote, if anything. */
  void flush() {
    if (unflushed) {
      unflushed = false;
      codec.flush(ctx);
    }
  }

  /** Keeps one read pending unless something upstream or a waiting request says wait. */
  void maybeRead() {
    if (!readBlocked && !closing && pipelined.isEmpty() && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  void setReadBlocked(boolean blocked) {
    boolean was = readBlocked;
    readBlocked = blocked;
    if (was && !blocked) {
      maybeRead();
    }
  }

  /** Called by the stream when its response is fully written (or it was reset). */
  void onStreamComplete(ActiveStream done, boolean closeConnection) {
    if (stream != done) {
      return;
    }
    stream = null;
    readBlocked = false;
    if (done.finished()) {
      retired = done;
    }
    if (closeConnection || closing) {
      closing = true;
      releasePipelined();
      unflushed = false;
      codec.flush(ctx);
      config.stats().downstreamCxDestroyLocal.inc();
      ctx.close();
      return;
    }
    while (!pipelined.isEmpty() && (stream == null || !stream.codecInputComplete()) && !closing) {
      dispatch(pipelined.pollFirst());
    }
    maybeRead();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (stream != null) {
      stream.onDownstreamWritabilityChanged(context.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (codec.inputClosed(this)) {
      channelReadComplete(context); // what the end of the input completed, as a read's end
    }
    HcmStats stats = config.stats();
    if (stream != null) {
      ActiveStream current = stream;
      stream = null;
      stats.downstreamCxDestroyActiveRq.inc();
      current.onDownstreamReset();
    }
    releasePipelined();
    if (!closing) {
      stats.downstreamCxDestroyRemote.inc();
    }
    stats.downstreamCxDestroy.inc();
    stats.downstreamCxActive.dec();
    stats.downstreamCxHttp1Active.dec();
    stats.downstreamCxLengthMs.record((System.nanoTime() - openedNanos) / 1_000_000);
  }

  private void releasePipelined() {
    while (!pipelined.isEmpty()) {
      ReferenceCountUtil.release(pipelined.pollFirst());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.warn("closing downstream connection {} after an unexpected error", context.channel().remoteAddress(), cause);
    }
    context.close();
  }
}
