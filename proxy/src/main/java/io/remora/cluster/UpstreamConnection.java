package io.remora.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection to an upstream host, and the last handler of its pipeline. It hands
 * decoded response parts to the request that currently owns the connection. Buffers: every
 * message read is passed, with its ownership, to the owner; a message arriving while no one
 * owns the connection (an idle pooled connection) is released and the connection closed.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {
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
  private Channel channel;
  private Owner owner;

  UpstreamConnection(Host host, ConnectionPool pool) {
    this.host = host;
    this.pool = pool;
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
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (owner != null && message instanceof HttpObject http) {
      owner.onUpstreamMessage(http);
    } else {
      // A response nobody asked for: the connection's framing is lost.
      ReferenceCountUtil.release(message);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (owner != null) {
      owner.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (owner != null) {
      owner.onUpstreamWritabilityChanged(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.onClosed(this, (System.nanoTime() - openedNanos) / 1_000_000);
    Owner current = owner;
    owner = null;
    if (current != null) {
      current.onUpstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // I/O errors (reset by peer) and decoder errors end the connection; the owner sees the close.
    ctx.close();
  }
}
