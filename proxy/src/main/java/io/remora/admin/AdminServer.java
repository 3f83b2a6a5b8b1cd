package io.remora.admin;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.remora.accesslog.AccessLog;
import io.remora.accesslog.AccessLogWriters;
import io.remora.accesslog.AccessLogs;
import io.remora.cluster.Addresses;
import io.remora.config.ConfigException;
import io.remora.config.NewerFields;
import io.remora.config.Positions;
import io.remora.listener.ListenerManager;
import io.remora.route.StringMatch;
import io.remora.server.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server of the bootstrap's {@code admin} block, on an event loop of its own
 * (never a worker's), so admin traffic never competes with proxied requests.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  /** Admin requests are small; a bigger one is refused by the aggregator with 413. */
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private final InetSocketAddress configuredAddress;
  private final AccessLog accessLog;
  private final List<StringMatch> allowPaths;
  private EventLoopGroup loop;
  private Channel channel;

  private AdminServer(InetSocketAddress configuredAddress, AccessLog accessLog, List<StringMatch> allowPaths) {
    this.configuredAddress = configuredAddress;
    this.accessLog = accessLog;
    this.allowPaths = allowPaths;
  }

  /**
   * Compiles the bootstrap's {@code admin} block without binding anything; null when it has no
   * address (Envoy then starts no admin server either).
   */
  public static AdminServer build(Admin config, Positions positions, AccessLogWriters writers) throws ConfigException {
    requireNonNull(config, "config");
    if (!config.hasAddress()) {
      return null;
    }
    if (!config.getAddress().hasSocketAddress()) {
      throw new ConfigException(positions.error("admin.address",
          "admin needs 'address.socket_address' (other address kinds are not supported by Remora yet)"));
    }
    InetSocketAddress address = ListenerManager.socketAddress(
        config.getAddress().getSocketAddress(), "admin.address.socket_address", positions);
    List<AccessLog> logs = new ArrayList<>();
    logs.add(AccessLogs.admin(config.getAccessLogPath(), writers));
    logs.add(AccessLogs.createAll(config.getAccessLogList(), writers, positions, "admin.access_log"));
    List<StringMatch> allowPaths = new ArrayList<>();
    for (var matcher : NewerFields.adminAllowPaths(config)) {
      try {
        allowPaths.add(StringMatch.of(matcher));
      } catch (IllegalArgumentException unsupported) {
        throw new ConfigException(positions.error("admin.allow_paths", unsupported.getMessage()));
      }
    }
    return new AdminServer(address, AccessLog.all(logs), List.copyOf(allowPaths));
  }

  /** Binds the admin address and serves {@code server}'s endpoints. */
  public void start(Server server) throws ListenerManager.BindFailure {
    AdminEndpoints endpoints = new AdminEndpoints(server, allowPaths);
    loop = server.transport().newGroup(1, "remora-admin");
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(loop)
        .channel(server.transport().serverChannelClass())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                new AdminHandler(endpoints, accessLog));
          }
        });
    ChannelFuture bound = bootstrap.bind(configuredAddress).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      log.error("admin: cannot bind {}", Addresses.toString(configuredAddress));
      close();
      throw new ListenerManager.BindFailure(configuredAddress, bound.cause());
    }
    channel = bound.channel();
    log.info("admin address: {}", Addresses.toString(address()));
  }

  /** The bound address (the real port when the config says 0); the configured one before start. */
  public InetSocketAddress address() {
    Channel bound = channel;
    return bound == null
        ? configuredAddress
        : new InetSocketAddress(configuredAddress.getAddress(), ((InetSocketAddress) bound.localAddress()).getPort());
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
