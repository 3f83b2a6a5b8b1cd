package io.remora.microbench;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.remora.config.ConfigException;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.config.Positions;
import io.remora.route.RouteTable;
import java.util.Set;

/**
 * Generated Envoy bootstraps, loaded and compiled through the proxy's own code path
 * ({@link ConfigLoader}, then {@link RouteTable#build}), so the benchmarks measure what a
 * real config produces.
 */
final class Bootstraps {
  /** The one cluster every generated route points at. */
  static final String CLUSTER = "backend";

  private Bootstraps() {}

  /**
   * A bootstrap with one HTTP listener whose {@code route_config.virtual_hosts} is
   * {@code virtualHostsYaml} (a YAML list starting at column 0), and cluster
   * {@value #CLUSTER} on 127.0.0.1:8080.
   */
  static String bootstrap(String virtualHostsYaml) {
    return """
        static_resources:
          listeners:
          - name: ingress
            address: {socket_address: {address: 127.0.0.1, port_value: 0}}
            filter_chains:
            - filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: ingress_http
                  route_config:
                    name: bench
                    virtual_hosts:
        %s
                  http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
          clusters:
          - name: backend
            connect_timeout: 1s
            type: STATIC
            load_assignment:
              cluster_name: backend
              endpoints:
              - lb_endpoints:
                - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 8080}}}
        """.formatted(virtualHostsYaml.indent(12).stripTrailing());
  }

  static LoadedConfig load(ConfigLoader loader, String virtualHostsYaml) throws ConfigException {
    return loader.loadString(bootstrap(virtualHostsYaml), "bench.yaml");
  }

  /** The first listener's HTTP connection manager config. */
  static HttpConnectionManager connectionManager(LoadedConfig config) throws Exception {
    return config.bootstrap().getStaticResources().getListeners(0).getFilterChains(0).getFilters(0)
        .getTypedConfig().unpack(HttpConnectionManager.class);
  }

  /** Loads the bootstrap and compiles its route configuration as the proxy does. */
  static RouteTable routeTable(ConfigLoader loader, String virtualHostsYaml) throws Exception {
    RouteConfiguration routes = connectionManager(load(loader, virtualHostsYaml)).getRouteConfig();
    return RouteTable.build(routes, "route_config", Positions.NONE, Set.of(CLUSTER));
  }
}
