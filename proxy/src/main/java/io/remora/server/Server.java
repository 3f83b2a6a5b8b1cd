package io.remora.server;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.remora.accesslog.AccessLog;
import io.remora.accesslog.AccessLogWriters;
import io.remora.accesslog.AccessLogs;
import io.remora.admin.AdminServer;
import io.remora.cluster.ClusterManager;
import io.remora.config.ConfigException;
import io.remora.config.Extensions;
import io.remora.config.Positions;
import io.remora.config.Unsupported;
import io.remora.filter.http.router.RouterFilterFactory;
import io.remora.filter.network.http_connection_manager.HttpConnectionManagerFactory;
import io.remora.http.HttpFilterConfigFactory;
import io.remora.internal.ExtensionRegistry;
import io.remora.internal.Transport;
import io.remora.listener.ListenerManager;
import io.remora.listener.NetworkFilterConfigFactory;
import io.remora.listener.NetworkFilterContext;
import io.remora.stats.Stats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Remora: built from a loaded bootstrap into clusters and listeners, started on
 * {@code --concurrency} event loops, stopped by draining. Everything it owns is created here
 * and passed down; nothing is static.
 */
public final class Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Server.class);
  private static final Set<String> BOOTSTRAP_FIELDS =
      Set.of("node", "static_resources", "admin", "stats_flush_on_admin", "layered_runtime");
  private static final Set<String> STATIC_FIELDS = Set.of("listeners", "clusters");

  /** The HTTP filters this build knows. */
  public static ExtensionRegistry<HttpFilterConfigFactory> httpFilters() {
    return new ExtensionRegistry<>("HTTP filter", Extensions.Kind.HTTP_FILTER, List.of(new RouterFilterFactory()),
        HttpFilterConfigFactory::name, HttpFilterConfigFactory::typeUrl);
  }

  /** The network filters this build knows. */
  public static ExtensionRegistry<NetworkFilterConfigFactory> networkFilters() {
    return new ExtensionRegistry<>("network filter", Extensions.Kind.NETWORK_FILTER, List.of(new HttpConnectionManagerFactory()),
        NetworkFilterConfigFactory::name, NetworkFilterConfigFactory::typeUrl);
  }

  private final Bootstrap bootstrap;
  private final Options options;
  private final Stats stats;
  private final ServerState state;
  private final Transport transport;
  private final ClusterManager clusterManager;
  private final ListenerManager listenerManager;
  private final AccessLogWriters accessLogWriters;
  private final ServerStats serverStats;
  private final AdminServer admin;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private volatile boolean shuttingDown;

  private Server(Bootstrap bootstrap, Options options, Stats stats, ServerState state, Transport transport,
      ClusterManager clusterManager, ListenerManager listenerManager, AccessLogWriters accessLogWriters,
      AdminServer admin) {
    this.bootstrap = bootstrap;
    this.options = options;
    this.stats = stats;
    this.state = state;
    this.transport = transport;
    this.clusterManager = clusterManager;
    this.listenerManager = listenerManager;
    this.accessLogWriters = accessLogWriters;
    this.admin = admin;
    this.serverStats = new ServerStats(stats, state, options.concurrency());
  }

  /**
   * Compiles a bootstrap into a server without binding anything: every config error surfaces
   * here ({@code --mode validate} stops after this).
   */
  public static Server build(Bootstrap bootstrap, Positions positions, Options options) throws ConfigException {
    Unsupported.require(bootstrap, "", "bootstrap", BOOTSTRAP_FIELDS, positions);
    Unsupported.require(bootstrap.getStaticResources(), "static_resources", "static_resources", STATIC_FIELDS, positions);
    Stats stats = new Stats();
    String node = options.serviceNode().isEmpty() ? bootstrap.getNode().getId() : options.serviceNode();
    String cluster = options.serviceCluster().isEmpty() ? bootstrap.getNode().getCluster() : options.serviceCluster();
    ServerState state = new ServerState(System.currentTimeMillis(), node, cluster);
    Transport transport = Transport.detect(options.transport());
    AccessLogWriters writers = AccessLogWriters.of();
    try {
      ClusterManager clusters = ClusterManager.build(bootstrap.getStaticResources().getClustersList(),
          "static_resources.clusters", positions, stats, transport);
      NetworkFilterContext context = new NetworkFilterContext(clusters, stats, positions, state, httpFilters(),
          (config, path) -> {
            AccessLog accessLog = AccessLogs.create(config, writers, positions, path);
            return accessLog::log;
          });
      ListenerManager listeners = ListenerManager.build(bootstrap.getStaticResources().getListenersList(),
          "static_resources.listeners", context, networkFilters());
      AdminServer admin = bootstrap.hasAdmin() ? AdminServer.build(bootstrap.getAdmin(), positions, writers) : null;
      return new Server(bootstrap, options, stats, state, transport, clusters, listeners, writers, admin);
    } catch (ConfigException | RuntimeException failed) {
      writers.close();
      throw failed;
    }
  }

  /** Starts admin, resolves DNS clusters, then opens the listeners on the worker loops. */
  public void start() throws ListenerManager.BindFailure {
    acceptor = transport.newGroup(1, "remora-accept");
    workers = transport.newGroup(options.concurrency(), "remora-worker");
    try {
      if (admin != null) {
        admin.start(this); // first, as Envoy does: /ready answers PRE_INITIALIZING while DNS warms up
      }
      clusterManager.start(Duration.ofSeconds(5));
      listenerManager.bind(acceptor, workers, transport);
    } catch (ListenerManager.BindFailure failure) {
      close();
      throw failure;
    }
    serverStats.live.set(1);
    if (!transport.name().equalsIgnoreCase(options.transport())) {
      log.warn("transport '{}' is not available here; using {}", options.transport(), transport.name());
    }
    log.info("remora started: {} worker(s) on {}, {} listener(s), {} cluster(s)", options.concurrency(),
        transport.name(), listenerManager.listeners().size(), clusterManager.clusters().size());
  }

  /** The socket transport the server runs on: {@code epoll}, {@code io_uring} or {@code nio}. */
  public String transportName() {
    return transport.name();
  }

  /** The admin server's bound address, or null when the bootstrap has no admin. */
  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  public Bootstrap bootstrap() {
    return bootstrap;
  }

  public Options options() {
    return options;
  }

  public Stats stats() {
    return stats;
  }

  public ServerState state() {
    return state;
  }

  public ServerStats serverStats() {
    return serverStats;
  }

  public ClusterManager clusterManager() {
    return clusterManager;
  }

  public ListenerManager listenerManager() {
    return listenerManager;
  }

  public AccessLogWriters accessLogWriters() {
    return accessLogWriters;
  }

  public Transport transport() {
    return transport;
  }

  /**
   * Drains and stops: stops accepting, lets open requests finish for up to the drain time
   * (responses from now on carry {@code connection: close}), then closes everything.
   */
  public void shutdown(Duration drainTime) {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    state.setDraining(true);
    serverStats.live.set(0);
    listenerManager.stopListening();
    long deadline = System.nanoTime() + drainTime.toNanos();
    while (System.nanoTime() < deadline && activeRequests() > 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
  }

  private long activeRequests() {
    long active = 0;
    for (var metric : stats.all()) {
      if (metric instanceof io.remora.stats.Gauge gauge && metric.name().startsWith("http.")
          && metric.name().endsWith(".downstream_rq_active")) {
        active += gauge.value();
      }
    }
    return active;
  }

  @Override
  public void close() {
    shuttingDown = true;
    if (workers != null) {
      acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    if (admin != null) {
      admin.close();
    }
    clusterManager.close();
    accessLogWriters.close();
    stopped.countDown();
  }

  /** Blocks until the server has stopped. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }
}
