package io.remora.listener;

import io.netty.channel.Channel;
import io.remora.stats.Counter;
import io.remora.stats.Gauge;
import java.net.InetSocketAddress;
import java.util.List;

/** One configured listener: its address, its network filters, and (once bound) its socket. */
public final class Listener {
  private final String name;
  private final InetSocketAddress address;
  private final List<NetworkFilterFactory> filters;
  private final int bufferLimitBytes;
  private final int backlog;
  final Counter downstreamCxTotal;
  final Gauge downstreamCxActive;
  final Counter downstreamCxDestroy;
  private volatile Channel channel;

  Listener(String name, InetSocketAddress address, List<NetworkFilterFactory> filters, int bufferLimitBytes,
      int backlog, io.remora.stats.Scope scope) {
    this.name = name;
    this.address = address;
    this.filters = List.copyOf(filters);
    this.bufferLimitBytes = bufferLimitBytes;
    this.backlog = backlog;
    this.downstreamCxTotal = scope.counter("downstream_cx_total");
    this.downstreamCxActive = scope.gauge("downstream_cx_active");
    this.downstreamCxDestroy = scope.counter("downstream_cx_destroy");
  }

  public String name() {
    return name;
  }

  /** The configured address (port 0 until bound, if so configured). */
  public InetSocketAddress configuredAddress() {
    return address;
  }

  /** The bound address, with the real port; null before binding. */
  public InetSocketAddress boundAddress() {
    Channel bound = channel;
    return bound == null ? null : (InetSocketAddress) bound.localAddress();
  }

  List<NetworkFilterFactory> filters() {
    return filters;
  }

  int bufferLimitBytes() {
    return bufferLimitBytes;
  }

  /** The accept queue's length: {@code tcp_backlog_size}, else the kernel's somaxconn. */
  int backlog() {
    return backlog;
  }

  void bound(Channel serverChannel) {
    this.channel = serverChannel;
  }

  Channel channel() {
    return channel;
  }
}
