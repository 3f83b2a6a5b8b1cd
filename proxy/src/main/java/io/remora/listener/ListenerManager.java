package io.remora.listener;

import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.NetUtil;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.config.Unsupported;
import io.remora.internal.Buffers;
import io.remora.internal.ExtensionRegistry;
import io.remora.internal.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the listeners from config, binds them on the worker loops, and closes them to drain. */
public final class ListenerManager {
  private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);
  private static final int DEFAULT_BUFFER_LIMIT = 1024 * 1024;
  private static final Set<String> LISTENER_FIELDS =
      Set.of("name", "address", "filter_chains", "per_connection_buffer_limit_bytes", "tcp_backlog_size");
  private static final Set<String> CHAIN_FIELDS = Set.of("filters", "name");
  private static final Set<String> FILTER_FIELDS = Set.of("name", "typed_config");

  private final List<Listener> listeners;

  private ListenerManager(List<Listener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Compiles {@code static_resources.listeners}. */
  public static ListenerManager build(
      List<io.envoyproxy.envoy.config.listener.v3.Listener> configs,
      String path,
      NetworkFilterContext context,
      ExtensionRegistry<NetworkFilterConfigFactory> networkFilters)
      throws ConfigException {
    Positions positions = context.positions();
    List<Listener> listeners = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<InetSocketAddress> addresses = new HashSet<>();
    for (int i = 0; i < configs.size(); i++) {
      var config = configs.get(i);
      String listenerPath = path + "[" + i + "]";
      Unsupported.require(config, listenerPath,
          config.getName().isEmpty() ? "listener" : "listener '" + config.getName() + "'", LISTENER_FIELDS, positions);
      if (!config.hasAddress() || !config.getAddress().hasSocketAddress()) {
        throw new ConfigException(positions.error(listenerPath,
            "listener needs 'address.socket_address' (other address kinds are not supported by Remora yet)"));
      }
      InetSocketAddress address = socketAddress(config.getAddress().getSocketAddress(),
          listenerPath + ".address.socket_address", positions);
      String name = config.getName().isEmpty() ? statName(address) : config.getName();
      if (!names.add(name)) {
        throw new ConfigException(positions.error(listenerPath + ".name", "duplicate listener name '" + name + "'"));
      }
      if (address.getPort() != 0 && !addresses.add(address)) {
        throw new ConfigException(positions.error(listenerPath + ".address",
            "two listeners have the address " + io.remora.cluster.Addresses.toString(address)));
      }
      if (config.getFilterChainsCount() != 1) {
        throw new ConfigException(positions.error(listenerPath + ".filter_chains",
            config.getFilterChainsCount() == 0
                ? "listener needs a filter chain"
                : "several filter chains (filter_chain_match) are not supported by Remora yet"));
      }
      FilterChain chain = config.getFilterChains(0);
      String chainPath = listenerPath + ".filter_chains[0]";
      Unsupported.require(chain, chainPath, "filter chain", CHAIN_FIELDS, positions);
      List<NetworkFilterFactory> filters = new ArrayList<>();
      for (int f = 0; f < chain.getFiltersCount(); f++) {
        var filter = chain.getFilters(f);
        String filterPath = chainPath + ".filters[" + f + "]";
        Unsupported.require(filter, filterPath, "network filter '" + filter.getName() + "'", FILTER_FIELDS, positions);
        NetworkFilterConfigFactory factory =
            networkFilters.find(filter.getName(), filter.getTypedConfig().getTypeUrl(), filterPath, positions);
        filters.add(factory.create(filter.getTypedConfig(), context, filterPath));
      }
      if (filters.isEmpty()) {
        throw new ConfigException(positions.error(chainPath, "filter chain needs at least one network filter"));
      }
      int bufferLimit = config.hasPerConnectionBufferLimitBytes()
          ? config.getPerConnectionBufferLimitBytes().getValue()
          : DEFAULT_BUFFER_LIMIT;
      // Envoy's default backlog is net.core.somaxconn (Netty reads it the same way); a fixed
      // 1,024 refused connections when 10,000 clients connected at once to a busy proxy.
      int backlog = config.hasTcpBacklogSize() ? config.getTcpBacklogSize().getValue() : NetUtil.SOMAXCONN;
      listeners.add(new Listener(name, address, filters, bufferLimit, backlog,
          context.stats().scope("listener." + statName(address))));
    }
    return new ListenerManager(listeners);
  }

  /** A socket address from config: IP literals only (Envoy does not resolve listener names). */
  public static InetSocketAddress socketAddress(SocketAddress socket, String path, Positions positions)
      throws ConfigException {
    if (socket.getPortSpecifierCase() != SocketAddress.PortSpecifierCase.PORT_VALUE) {
      throw new ConfigException(positions.error(path, "socket_address needs a 'port_value'"));
    }
    if (socket.getPortValue() > 65535) {
      throw new ConfigException(positions.error(path + ".port_value",
          "port_value " + socket.getPortValue() + " is out of range (0 to 65535)"));
    }
    String text = socket.getAddress();
    InetAddress ip = io.remora.cluster.Addresses.ipLiteral(text);
    if (ip == null) {
      throw new ConfigException(positions.error(path + ".address",
          "'" + text + "' is not an IP address (a listener or admin address must be an IPv4 or IPv6 literal)"));
    }
    return new InetSocketAddress(ip, socket.getPortValue());
  }

  /** Envoy's stat name for an address: {@code 0.0.0.0_80}, {@code [__1]_80}. */
  public static String statName(InetSocketAddress address) {
    return io.remora.cluster.Addresses.toString(address).replace(':', '_');
  }

  public List<Listener> listeners() {
    return listeners;
  }

  /** Binds every listener; a failure names the address and the reason. */
  public void bind(EventLoopGroup acceptor, EventLoopGroup workers, Transport transport) throws BindFailure {
    for (Listener listener : listeners) {
      int limit = listener.bufferLimitBytes();
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(acceptor, workers)
          .channel(transport.serverChannelClass())
          .option(ChannelOption.SO_BACKLOG, listener.backlog())
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
          .childOption(ChannelOption.AUTO_READ, false)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
              listener.downstreamCxTotal.inc();
              listener.downstreamCxActive.inc();
              channel.closeFuture().addListener(closed -> {
                listener.downstreamCxActive.dec();
                listener.downstreamCxDestroy.inc();
              });
              for (NetworkFilterFactory filter : listener.filters()) {
                filter.install(channel);
              }
            }
          });
      ChannelFuture future = bootstrap.bind(listener.configuredAddress()).awaitUninterruptibly();
      if (!future.isSuccess()) {
        throw new BindFailure(listener.configuredAddress(), future.cause());
      }
      listener.bound(future.channel());
      log.info("listener '{}' on {}", listener.name(), io.remora.cluster.Addresses.toString(
          new InetSocketAddress(listener.configuredAddress().getAddress(), listener.boundAddress().getPort())));
    }
  }

  /** Stops accepting new connections (drain); open connections carry on. */
  public void stopListening() {
    for (Listener listener : listeners) {
      Channel channel = listener.channel();
      if (channel != null) {
        channel.close().awaitUninterruptibly();
      }
    }
  }

  /** A listener could not bind its address. */
  public static final class BindFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final InetSocketAddress address;

    public BindFailure(InetSocketAddress address, Throwable cause) {
      super("cannot bind " + io.remora.cluster.Addresses.toString(address) + ": " + describe(cause), cause);
      this.address = address;
    }

    public InetSocketAddress address() {
      return address;
    }

    /** True when the OS refused a port below 1024 to an unprivileged user. */
    public boolean permissionDenied() {
      return String.valueOf(getCause() == null ? "" : getCause().getMessage()).toLowerCase().contains("permission");
    }

    private static String describe(Throwable cause) {
      if (cause == null) {
        return "unknown error";
      }
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      int colon = message.lastIndexOf(": ");
      return colon >= 0 ? message.substring(colon + 2) : message;
    }
  }
}
