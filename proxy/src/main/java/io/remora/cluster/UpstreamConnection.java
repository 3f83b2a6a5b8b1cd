package io.remora.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.remora.http.http1.Http1Codec;

/**
 * One HTTP/1.1 connection to an upstream host, and the only handler of its pipeline: it encodes
 * the owning request's parts with its {@link Http1Codec} and hands the decoded response parts to
 * that request. Buffers: bytes read go, with ownership, to the codec; every decoded part is
 * passed, with its ownership, to the owner; a part arriving while no one owns the connection (an
 * idle pooled connection) is released and the connection closed; request parts written go, with
 * ownership, to the codec and from it to the channel; the codec's kept bytes are released when
 * the handler is removed.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter implements Http1Codec.Sink {
  /** The request using the connection. All calls come on the connection's event loop. */
  public interface Owner {
    /** A response part; the owner must release or forward it. */
    void onUpstreamMessage(HttpObject message);

    void onUpstreamReadComplete();

    /** The connection closed while owned. */
    void onUpstreamClosed();

    void onUpstreamWritabilityChanged(boolean writable);
  }

  private final Host host;
  private final ConnectionPool pool;
  private final long openedNanos;
  private final Http1Codec codec;
  private ChannelHandlerContext ctx;
  private Channel channel;
  private Owner owner;

  UpstreamConnection(Host host, ConnectionPool pool, Http1Codec codec) {
    this.host = host;
    this.pool = pool;
    this.codec = codec;
    this.openedNanos = System.nanoTime();
  }

  public Host host() {
    return host;
  }

  public Channel channel() {
    return channel;
  }

  void setOwner(Owner owner) {
    this.owner = owner;
  }

  /** Writes a request part (ownership to the connection), to go out with the next {@link #flush}. */
  public void write(Object part) {
    codec.write(ctx, part, ctx.voidPromise());
  }

  /** Writes a request part (ownership to the connection) and flushes it with whatever came before. */
  public void writeAndFlush(Object part) {
    write(part);
    flush();
  }

  public void flush() {
    codec.flush(ctx);
  }

  /** Asks for the next read from the upstream (reads are by hand). */
  public void read() {
    ctx.read();
  }

  /** Hands the connection back: to the pool's idle list if {@code reusable}, else closed. */
  public void release(boolean reusable) {
    owner = null;
    if (reusable && channel.isActive()) {
      pool.returnIdle(this);
    } else {
      channel.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    channel = context.channel();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    codec.release();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    codec.read(context, message, this);
  }

  /** A decoded response part (ownership comes with it). */
  @Override
  public void onDecoded(HttpObject part) {
    if (owner != null) {
      owner.onUpstreamMessage(part);
    } else {
      // A response nobody asked for: the connection's framing is lost.
      ReferenceCountUtil.release(part);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    if (codec.readComplete()) {
      context.read(); // the rest of a response (as Netty's decoders do)
    }
    if (owner != null) {
      owner.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (owner != null) {
      owner.onUpstreamWritabilityChanged(context.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (codec.inputClosed(this)) {
      channelReadComplete(context); // a body framed by the close ended with it
    }
    pool.onClosed(this, (System.nanoTime() - openedNanos) / 1_000_000);
    Owner current = owner;
    owner = null;
    if (current != null) {
      current.onUpstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    // I/O errors (reset by peer) and decoder errors end the connection; the owner sees the close.
    context.close();
  }
}
