package io.remora.cluster;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DnsLookupFamily;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.config.Unsupported;
import io.remora.http.http1.EncodeScratch;
import io.remora.internal.PerLoop;
import io.remora.internal.Transport;
import io.remora.lb.LoadBalancer;
import io.remora.stats.Stats;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the clusters: builds them from config, runs DNS discovery off the event loops, and hands
 * each event loop its own load balancers and connection pools.
 */
public final class ClusterManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterManager.class);
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_DNS_REFRESH = Duration.ofSeconds(5);
  private static final int DEFAULT_BUFFER_LIMIT = 1024 * 1024;
  private static final Set<String> CLUSTER_FIELDS = Set.of(
      "name", "type", "connect_timeout", "lb_policy", "load_assignment", "dns_refresh_rate",
      "dns_lookup_family", "per_connection_buffer_limit_bytes", "least_request_lb_config");
  private static final Set<String> ENDPOINT_FIELDS = Set.of("lb_endpoints", "locality", "load_balancing_weight");

  /** How one cluster's endpoints are found. */
  private record Discovery(Cluster cluster, List<Endpoint> endpoints, DnsLookupFamily family, Duration refresh) {}

  private record Endpoint(String address, int port, int weight) {}

  private final Map<String, Cluster> clusters;
  private final List<Discovery> dnsDiscoveries;
  private final Transport transport;
  private final ScheduledExecutorService dns;
  private final FastThreadLocal<Map<String, ClusterWorker>> workers = new FastThreadLocal<>() {
    @Override
    protected Map<String, ClusterWorker> initialValue() {
      return new HashMap<>();
    }
  };

  /**
   * Per event loop, the encode scratch and kept buffers that all of the loop's HTTP/1.1
   * connections share, downstream (the connection managers') and upstream (every cluster's
   * pools): one set per loop however many listeners and clusters there are.
   */
  private final PerLoop<EncodeScratch> scratches;

  private ClusterManager(Map<String, Cluster> clusters, List<Discovery> dnsDiscoveries, Transport transport) {
    this.clusters = Collections.unmodifiableMap(clusters);
    this.dnsDiscoveries = List.copyOf(dnsDiscoveries);
    this.transport = transport;
    this.scratches = new PerLoop<>(() -> new EncodeScratch(!transport.holdsReadBuffersWhileIdle()));
    this.dns = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "remora-dns");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Builds the static clusters of a bootstrap; {@code path} is {@code static_resources.clusters}. */
  public static ClusterManager build(
      List<io.envoyproxy.envoy.config.cluster.v3.Cluster> configs,
      String path,
      Positions positions,
      Stats stats,
      Transport transport)
      throws ConfigException {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    List<Discovery> dnsDiscoveries = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < configs.size(); i++) {
      var config = configs.get(i);
      String clusterPath = path + "[" + i + "]";
      String name = config.getName();
      if (name.isEmpty()) {
        throw new ConfigException(positions.error(clusterPath, "cluster needs a 'name'"));
      }
      Unsupported.require(config, clusterPath, "cluster '" + name + "'", CLUSTER_FIELDS, positions);
      if (clusters.containsKey(name)) {
        throw new ConfigException(positions.error(clusterPath + ".name", "duplicate cluster name '" + name + "'"));
      }
      Cluster.Type type = switch (config.getClusterDiscoveryTypeCase()) {
        case TYPE -> discoveryType(config.getType(), clusterPath, positions);
        case CLUSTERDISCOVERYTYPE_NOT_SET -> Cluster.Type.STATIC;
        default -> throw new ConfigException(positions.error(clusterPath,
            "cluster '" + name + "': 'cluster_type' is not supported by Remora yet"));
      };
      String lbPolicy = switch (config.getLbPolicy()) {
        case ROUND_ROBIN, LEAST_REQUEST, RANDOM -> config.getLbPolicy().name();
        default -> throw new ConfigException(positions.error(clusterPath + ".lb_policy",
            "cluster '" + name + "': lb_policy " + config.getLbPolicy().name()
                + " is not supported by Remora yet (supported: ROUND_ROBIN, LEAST_REQUEST, RANDOM)"));
      };
      Duration connectTimeout = config.hasConnectTimeout()
          ? Duration.ofNanos(Durations.toNanos(config.getConnectTimeout()))
          : DEFAULT_CONNECT_TIMEOUT;
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new ConfigException(positions.error(clusterPath + ".connect_timeout",
            "cluster '" + name + "': connect_timeout must be greater than 0s"));
      }
      int bufferLimit = config.hasPerConnectionBufferLimitBytes()
          ? config.getPerConnectionBufferLimitBytes().getValue()
          : DEFAULT_BUFFER_LIMIT;
      int choices = config.getLeastRequestLbConfig().hasChoiceCount()
          ? config.getLeastRequestLbConfig().getChoiceCount().getValue()
          : 2;
      Cluster cluster = new Cluster(name, type, connectTimeout, lbPolicy, choices, bufferLimit,
          new ClusterStats(stats.scope("cluster." + name)), now);
      List<Endpoint> endpoints = endpoints(config, clusterPath, positions);
      if (type == Cluster.Type.STATIC) {
        List<Host> hosts = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
          InetAddress ip = Addresses.ipLiteral(endpoint.address());
          if (ip == null) {
            throw new ConfigException(positions.error(clusterPath + ".load_assignment",
                "STATIC cluster '" + name + "' needs IP addresses; '" + endpoint.address()
                    + "' is a name (use type STRICT_DNS or LOGICAL_DNS)"));
          }
          hosts.add(new Host(new InetSocketAddress(ip, endpoint.port()), "", endpoint.weight()));
        }
        cluster.stats().updateAttempt.inc();
        cluster.updateHosts(new HostSet(hosts));
      } else {
        if (type == Cluster.Type.LOGICAL_DNS && endpoints.size() != 1) {
          throw new ConfigException(positions.error(clusterPath + ".load_assignment",
              "LOGICAL_DNS cluster '" + name + "' needs exactly one endpoint, has " + endpoints.size()));
        }
        Duration refresh = config.hasDnsRefreshRate()
            ? Duration.ofNanos(Durations.toNanos(config.getDnsRefreshRate()))
            : DEFAULT_DNS_REFRESH;
        dnsDiscoveries.add(new Discovery(cluster, endpoints, config.getDnsLookupFamily(), refresh));
      }
      clusters.put(name, cluster);
    }
    return new ClusterManager(clusters, dnsDiscoveries, transport);
  }

  private static Cluster.Type discoveryType(DiscoveryType type, String path, Positions positions)
      throws ConfigException {
    return switch (type) {
      case STATIC -> Cluster.Type.STATIC;
      case STRICT_DNS -> Cluster.Type.STRICT_DNS;
      case LOGICAL_DNS -> Cluster.Type.LOGICAL_DNS;
      default -> throw new ConfigException(positions.error(path + ".type",
          "cluster type " + type.name() + " is not supported by Remora yet (supported: STATIC, STRICT_DNS, LOGICAL_DNS)"));
    };
  }

  private static List<Endpoint> endpoints(
      io.envoyproxy.envoy.config.cluster.v3.Cluster config, String path, Positions positions) throws ConfigException {
    List<Endpoint> endpoints = new ArrayList<>();
    var assignment = config.getLoadAssignment();
    for (int l = 0; l < assignment.getEndpointsCount(); l++) {
      LocalityLbEndpoints locality = assignment.getEndpoints(l);
      String localityPath = path + ".load_assignment.endpoints[" + l + "]";
      Unsupported.require(locality, localityPath, "locality endpoints", ENDPOINT_FIELDS, positions);
      for (int e = 0; e < locality.getLbEndpointsCount(); e++) {
        LbEndpoint lbEndpoint = locality.getLbEndpoints(e);
        String endpointPath = localityPath + ".lb_endpoints[" + e + "]";
        if (!lbEndpoint.hasEndpoint() || !lbEndpoint.getEndpoint().getAddress().hasSocketAddress()) {
          throw new ConfigException(positions.error(endpointPath,
              "endpoint needs 'endpoint.address.socket_address' (other address kinds are not supported by Remora yet)"));
        }
        SocketAddress socket = lbEndpoint.getEndpoint().getAddress().getSocketAddress();
        if (socket.getPortSpecifierCase() != SocketAddress.PortSpecifierCase.PORT_VALUE) {
          throw new ConfigException(positions.error(endpointPath + ".endpoint.address.socket_address",
              "endpoint needs a 'port_value'"));
        }
        if (socket.getPortValue() > 65535) {
          throw new ConfigException(positions.error(endpointPath + ".endpoint.address.socket_address.port_value",
              "port_value " + socket.getPortValue() + " is out of range (0 to 65535)"));
        }
        int weight = lbEndpoint.hasLoadBalancingWeight() ? lbEndpoint.getLoadBalancingWeight().getValue() : 1;
        endpoints.add(new Endpoint(socket.getAddress(), socket.getPortValue(), weight));
      }
    }
    return endpoints;
  }

  /**
   * Starts DNS discovery and waits (at most {@code initialWait}) for each DNS cluster's first
   * answer, as Envoy's cluster warming does before listeners open.
   */
  public void start(Duration initialWait) {
    CountDownLatch first = new CountDownLatch(dnsDiscoveries.size());
    for (Discovery discovery : dnsDiscoveries) {
      dns.execute(() -> {
        resolve(discovery);
        first.countDown();
        dns.scheduleWithFixedDelay(() -> resolve(discovery), discovery.refresh().toMillis(),
            discovery.refresh().toMillis(), TimeUnit.MILLISECONDS);
      });
    }
    try {
      if (!first.await(initialWait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("DNS discovery has not answered for every cluster within {} ms; starting anyway",
            initialWait.toMillis());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void resolve(Discovery discovery) {
    Cluster cluster = discovery.cluster();
    cluster.stats().updateAttempt.inc();
    List<Host> hosts = new ArrayList<>();
    try {
      for (Endpoint endpoint : discovery.endpoints()) {
        List<InetAddress> addresses = lookup(endpoint.address(), discovery.family());
        if (cluster.type() == Cluster.Type.LOGICAL_DNS) {
          addresses = addresses.isEmpty() ? addresses : addresses.subList(0, 1);
        }
        for (InetAddress address : addresses) {
          hosts.add(new Host(new InetSocketAddress(address, endpoint.port()), endpoint.address(), endpoint.weight()));
        }
      }
    } catch (UnknownHostException | RuntimeException failed) {
      cluster.stats().updateFailure.inc();
      log.warn("cluster '{}': DNS resolution failed: {}", cluster.name(), failed.getMessage());
      return;
    }
    cluster.updateHosts(new HostSet(hosts));
  }

  private static List<InetAddress> lookup(String name, DnsLookupFamily family) throws UnknownHostException {
    InetAddress literal = Addresses.ipLiteral(name);
    InetAddress[] all = literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(name);
    List<InetAddress> v4 = new ArrayList<>();
    List<InetAddress> v6 = new ArrayList<>();
    for (InetAddress address : all) {
      if (address instanceof Inet4Address) {
        v4.add(address);
      } else if (address instanceof Inet6Address) {
        v6.add(address);
      }
    }
    return switch (family) {
      case V4_ONLY -> v4;
      case V6_ONLY -> v6;
      case V4_PREFERRED -> v4.isEmpty() ? v6 : v4;
      case ALL -> {
        List<InetAddress> both = new ArrayList<>(v4);
        both.addAll(v6);
        yield both;
      }
      default -> v6.isEmpty() ? v4 : v6; // AUTO: IPv6 first, IPv4 as the fallback
    };
  }

  public Cluster get(String name) {
    return clusters.get(name);
  }

  public Collection<Cluster> clusters() {
    return clusters.values();
  }

  public Set<String> names() {
    return clusters.keySet();
  }

  /** {@code loop}'s encode scratch and kept buffers (see {@link #scratches}); call it on that loop. */
  public EncodeScratch encodeScratch(EventLoop loop) {
    return scratches.get(loop);
  }

  /** The calling event loop's balancer and pool for a cluster, or null if there is no such cluster. */
  public ClusterWorker local(String name, EventLoop loop) {
    Map<String, ClusterWorker> mine = workers.get();
    ClusterWorker worker = mine.get(name);
    if (worker == null) {
      Cluster cluster = clusters.get(name);
      if (cluster == null) {
        return null;
      }
      ConnectionPool pool = new ConnectionPool(cluster, loop, transport, encodeScratch(loop));
      worker = new ClusterWorker(cluster, cluster.newLoadBalancer(), pool);
      mine.put(name, worker);
    }
    return worker;
  }

  @Override
  public void close() {
    dns.shutdownNow();
  }

  /** One cluster as one event loop sees it. */
  public record ClusterWorker(Cluster cluster, LoadBalancer loadBalancer, ConnectionPool pool) {
    /** A healthy host, or null (503 no healthy upstream). */
    public Host chooseHost() {
      return loadBalancer.choose(cluster.hostSet());
    }
  }
}
