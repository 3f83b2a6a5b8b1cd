package io.remora.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what Envoy checks across a static bootstrap once it is built: unique listener addresses
 * and cluster names, and that static routes and TCP proxies name clusters that exist.
 */
final class StaticReferences {
  private final Positions positions;
  private final List<String> errors = new ArrayList<>();
  private final Set<String> clusters = new LinkedHashSet<>();
  private final boolean clustersAreDynamic;

  private StaticReferences(Bootstrap bootstrap, Positions positions) {
    this.positions = positions;
    this.clustersAreDynamic = bootstrap.getDynamicResources().hasCdsConfig()
        || !bootstrap.getDynamicResources().getCdsResourcesLocator().isEmpty();
  }

  /** Every problem found, each a one-line message with its place. */
  static List<String> check(Bootstrap bootstrap, Positions positions) {
    StaticReferences check = new StaticReferences(bootstrap, positions);
    check.clusterNames(bootstrap.getStaticResources().getClustersList());
    check.listeners(bootstrap.getStaticResources().getListenersList());
    return List.copyOf(check.errors);
  }

  private void clusterNames(List<Cluster> list) {
    for (int i = 0; i < list.size(); i++) {
      if (!clusters.add(list.get(i).getName())) {
        errors.add(positions.error("static_resources.clusters[" + i + "].name",
            "duplicate cluster name '" + list.get(i).getName() + "'"));
      }
    }
  }

  private void listeners(List<Listener> list) {
    Map<String, Integer> addresses = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "static_resources.listeners[" + i + "]";
      Listener listener = list.get(i);
      if (listener.getAddress().hasSocketAddress()) {
        SocketAddress socket = listener.getAddress().getSocketAddress();
        String address = socket.getProtocol() + " " + socket.getAddress() + ":"
            + socket.getPortValue();
        Integer first = addresses.putIfAbsent(address, i);
        if (first != null && socket.getPortValue() != 0) {
          errors.add(positions.error(path + ".address", "listener address "
              + socket.getAddress() + ":" + socket.getPortValue()
              + " is already used by static_resources.listeners[" + first + "]"));
        }
      }
      List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
      for (int chain = 0; chain < chains.size(); chain++) {
        filters(chains.get(chain).getFiltersList(), path + ".filter_chains[" + chain + "]");
      }
      if (listener.hasDefaultFilterChain()) {
        filters(listener.getDefaultFilterChain().getFiltersList(), path + ".default_filter_chain");
      }
    }
  }

  private void filters(List<Filter> filters, String chainPath) {
    for (int i = 0; i < filters.size(); i++) {
      Any config = filters.get(i).getTypedConfig();
      String path = chainPath + ".filters[" + i + "].typed_config";
      // By type URL and the generated parser, as TypedConfigs explains.
      try {
        if (TypedConfigs.is(config, "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager")) {
          HttpConnectionManager manager = HttpConnectionManager.parseFrom(config.getValue());
          if (manager.hasRouteConfig()) {
            routes(manager.getRouteConfig(), path + ".route_config");
          }
        } else if (TypedConfigs.is(config, "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy")) {
          TcpProxy proxy = TcpProxy.parseFrom(config.getValue());
          if (proxy.hasWeightedClusters()) {
            weighted(proxy.getWeightedClusters().getClustersList().stream()
                .map(TcpProxy.WeightedCluster.ClusterWeight::getName).toList(),
                path + ".weighted_clusters");
          } else {
            cluster(proxy.getCluster(), path + ".cluster");
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("the loader packed this config itself", e);
      }
    }
  }

  private void routes(RouteConfiguration routes, String path) {
    if (routes.hasValidateClusters() && !routes.getValidateClusters().getValue()) {
      return;
    }
    List<VirtualHost> hosts = routes.getVirtualHostsList();
    for (int host = 0; host < hosts.size(); host++) {
      List<Route> list = hosts.get(host).getRoutesList();
      for (int i = 0; i < list.size(); i++) {
        String routePath = path + ".virtual_hosts[" + host + "].routes[" + i + "].route";
        var action = list.get(i).getRoute();
        switch (action.getClusterSpecifierCase()) {
          case CLUSTER -> cluster(action.getCluster(), routePath + ".cluster");
          case WEIGHTED_CLUSTERS -> weighted(action.getWeightedClusters().getClustersList()
              .stream().map(ClusterWeight::getName).toList(), routePath + ".weighted_clusters");
          default -> {}
        }
      }
    }
  }

  private void weighted(List<String> names, String path) {
    for (int i = 0; i < names.size(); i++) {
      cluster(names.get(i), path + ".clusters[" + i + "].name");
    }
  }

  private void cluster(String name, String path) {
    if (!clustersAreDynamic && !clusters.contains(name)) {
      errors.add(positions.error(path, "unknown cluster '" + name + "'; "
          + (clusters.isEmpty() ? "there are no static clusters"
              : "static clusters are " + String.join(", ", clusters))));
    }
  }
}
