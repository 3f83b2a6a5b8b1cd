package io.remora.testing;

import java.util.List;
import java.util.stream.Collectors;

/** Small Envoy v3 bootstraps for tests, on 127.0.0.1 ephemeral ports. */
public final class Configs {
  private Configs() {}

  /** One HTTP listener on port 0 routing {@code /} to cluster {@code backend}, with these endpoints. */
  public static String httpProxy(int... upstreamPorts) {
    return httpProxy("", "round_robin", upstreamPorts);
  }

  /** As {@link #httpProxy(int...)}, with extra route-level YAML (indented for the route) and lb policy. */
  public static String httpProxy(String routeExtra, String lbPolicy, int... upstreamPorts) {
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
                    virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes:
                      - match: {prefix: "/"}
                        route:
                          cluster: backend
        %s
                  http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
          clusters:
          - name: backend
            connect_timeout: 1s
            type: STATIC
            lb_policy: %s
            load_assignment:
              cluster_name: backend
              endpoints:
              - lb_endpoints:
        %s
        """.formatted(routeExtra, lbPolicy.toUpperCase(), endpoints(upstreamPorts));
  }

  public static String endpoints(int... ports) {
    return List.of(java.util.Arrays.stream(ports).boxed().toArray(Integer[]::new)).stream()
        .map(port -> "            - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: " + port + "}}}")
        .collect(Collectors.joining("\n"));
  }
}
