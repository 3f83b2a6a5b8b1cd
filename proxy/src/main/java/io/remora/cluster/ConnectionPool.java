package io.remora.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.remora.http.http1.Http1Codec;
import io.remora.http.http1.EncodeScratch;
import io.remora.internal.Buffers;
import io.remora.internal.Transport;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.1 keep-alive connections of one cluster on one event loop (Envoy's per-worker pool):
 * no locks, since only that loop touches it.
 */
public final class ConnectionPool {
  /** The most header bytes accepted in an upstream response: Envoy's default {@code max_response_headers_kb}. */
  private static final int MAX_RESPONSE_HEADER_BYTES = 60 * 1024;

  /** Why a connection could not be had: Envoy's reset reasons for the local reply. */
  public enum Failure {
    CONNECTION_FAILURE("connection failure"),
    CONNECTION_TIMEOUT("connection timeout");

    private final String reason;

    Failure(String reason) {
      this.reason = reason;
    }

    /** The words Envoy puts after "reset reason: ". */
    public String reason() {
      return reason;
    }
  }

  /** Told when a connection is ready or failed; on the pool's event loop. */
  public interface Callback {
    void onReady(UpstreamConnection connection);

    void onFailure(Failure failure, String detail);
  }

  private final Cluster cluster;
  private final Bootstrap bootstrap;
  private final Map<Host, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
  /** The host looked up last and its idle list: most clusters have one host, or pick few in a row. */
  private Host lastHost;
  private ArrayDeque<UpstreamConnection> lastIdle;
  /** The loop's, shared with its other connections: request heads are built and reads land in it. */
  private final EncodeScratch scratch;

  ConnectionPool(Cluster cluster, EventLoop loop, Transport transport, EncodeScratch scratch) {
    this.cluster = cluster;
    this.scratch = scratch;
    int limit = cluster.perConnectionBufferLimitBytes();
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(transport.channelClass())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, cluster.connectTimeout().toMillis()))
        .option(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            // The connection handler is added per connect, below.
          }
        });
  }

  /** Gets an idle connection to {@code host}, or opens one. */
  public void acquire(Host host, Callback callback) {
    ArrayDeque<UpstreamConnection> free = idleOf(host, false);
    while (free != null && !free.isEmpty()) {
      UpstreamConnection connection = free.pollLast();
      if (connection.channel().isActive()) {
        callback.onReady(connection);
        return;
      }
    }
    connect(host, callback);
  }

  private void connect(Host host, Callback callback) {
    ClusterStats stats = cluster.stats();
    UpstreamConnection connection = new UpstreamConnection(host, this, Http1Codec.client(MAX_RESPONSE_HEADER_BYTES, scratch));
    long start = System.nanoTime();
    Bootstrap attempt = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        // The connection's codec lets go of each read buffer within the read: the loop's kept ones serve.
        scratch.keptBuffers().readInto(channel);
        channel.pipeline().addLast("upstream", connection); // the codec is its own
      }
    });
    ChannelFuture future = attempt.connect(host.address());
    future.addListener(done -> {
      if (done.isSuccess()) {
        stats.upstreamCxTotal.inc();
        stats.upstreamCxHttp1Total.inc();
        stats.upstreamCxActive.inc();
        stats.upstreamCxConnectMs.record((System.nanoTime() - start) / 1_000_000);
        host.cxTotal.increment();
        host.cxActive.incrementAndGet();
        callback.onReady(connection);
      } else {
        stats.upstreamCxConnectFail.inc();
        host.cxConnectFail.increment();
        Throwable cause = done.cause();
        if (cause instanceof ConnectTimeoutException) {
          stats.upstreamCxConnectTimeout.inc();
          callback.onFailure(Failure.CONNECTION_TIMEOUT, "connect timeout");
        } else {
          callback.onFailure(Failure.CONNECTION_FAILURE, cause == null ? "" : String.valueOf(cause.getMessage()));
        }
      }
    });
  }

  /** Starts using {@code connection} for a request. */
  public void bind(UpstreamConnection connection, UpstreamConnection.Owner owner) {
    connection.setOwner(owner);
  }

  /**
   * The idle connections to {@code host}, the last host's remembered. Made on first use only when
   * {@code create}: a host that never had an idle connection (one whose connects fail, an
   * address DNS has since replaced) gets no entry; null then.
   */
  private ArrayDeque<UpstreamConnection> idleOf(Host host, boolean create) {
    if (host != lastHost) {
      ArrayDeque<UpstreamConnection> list =
          create ? idle.computeIfAbsent(host, h -> new ArrayDeque<>()) : idle.get(host);
      if (list == null) {
        return null;
      }
      lastIdle = list;
      lastHost = host;
    }
    return lastIdle;
  }

  void returnIdle(UpstreamConnection connection) {
    idleOf(connection.host(), true).addLast(connection);
    // Keep one read pending so that a close by the upstream is seen at once.
    connection.read();
  }

  void onClosed(UpstreamConnection connection, long lifetimeMillis) {
    ArrayDeque<UpstreamConnection> free = idle.get(connection.host());
    if (free != null) {
      free.remove(connection);
    }
    ClusterStats stats = cluster.stats();
    stats.upstreamCxActive.dec();
    stats.upstreamCxDestroy.inc();
    stats.upstreamCxLengthMs.record(lifetimeMillis);
    connection.host().cxActive.decrementAndGet();
  }
}
