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
    return bootstrap(allTo("backend") + routeExtra.stripIndent().indent(6), "",
        staticCluster("backend", lbPolicy, upstreamPorts));
  }

  public static String endpoints(int... ports) {
    return List.of(java.util.Arrays.stream(ports).boxed().toArray(Integer[]::new)).stream()
        .map(port -> "            - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: " + port + "}}}")
        .collect(Collectors.joining("\n"));
  }

  /**
   * One HTTP listener on port 0. {@code virtualHosts} and {@code clusters} are YAML lists and
   * {@code hcmExtra} is YAML for more connection manager fields, each written from column 0.
   */
  public static String bootstrap(String virtualHosts, String hcmExtra, String clusters) {
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
        """
        + virtualHosts.stripIndent().indent(12)
        + hcmExtra.stripIndent().indent(10)
        + """
                  http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
          clusters:
        """
        + clusters.stripIndent().indent(2);
  }

  /** A virtual host for every domain routing every path to {@code cluster}, as a YAML list item. */
  public static String allTo(String cluster) {
    return """
        - name: all
          domains: ["*"]
          routes:
          - match: {prefix: "/"}
            route:
              cluster: %s
        """.formatted(cluster);
  }

  /** A STATIC round-robin cluster on 127.0.0.1 ports, as a YAML list item. */
  public static String staticCluster(String name, int... ports) {
    return staticCluster(name, "round_robin", ports);
  }

  /** A STATIC cluster with this lb policy on 127.0.0.1 ports, as a YAML list item. */
  public static String staticCluster(String name, String lbPolicy, int... ports) {
    return """
        - name: %s
          connect_timeout: 1s
          type: STATIC
          lb_policy: %s
          load_assignment:
            cluster_name: %s
            endpoints:
            - lb_endpoints:
        """.formatted(name, lbPolicy.toUpperCase(), name) + endpoints(ports).stripIndent().indent(6);
  }
}
