package io.remora.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;

/**
 * The socket transport: native epoll where the platform has it, NIO otherwise; io_uring when
 * asked for with {@code -Dremora.transport=io_uring} (kernels and container sandboxes may
 * forbid it, so it is never the silent default).
 */
public record Transport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannelClass,
    Class<? extends Channel> channelClass) {

  /** The system property that picks a transport: {@code epoll}, {@code io_uring} or {@code nio}. */
  public static final String PROPERTY = "remora.transport";

  /** The transport {@code -Dremora.transport} names (epoll when unset); see {@link #detect(String)}. */
  public static Transport detect() {
    return detect(System.getProperty(PROPERTY, "epoll"));
  }

  /**
   * The transport named {@code name} ({@code epoll}, {@code io_uring}, {@code nio}), falling
   * back to epoll, then NIO, when the platform lacks it (io_uring is often forbidden in
   * containers by the default seccomp profile).
   */
  public static Transport detect(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    if (wanted.equals("io_uring") && IoUring.isAvailable()) {
      return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
          IoUringSocketChannel.class);
    }
    if (!wanted.equals("nio") && Epoll.isAvailable()) {
      return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
    }
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /**
   * Whether a channel holds its read buffer while no bytes come: io_uring takes it when it
   * submits the read, epoll and NIO only once the socket is readable.
   */
  public boolean holdsReadBuffersWhileIdle() {
    return name.equals("io_uring");
  }

  public EventLoopGroup newGroup(int threads, String threadPrefix) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
  }
}
