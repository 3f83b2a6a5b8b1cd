package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.RunningProxy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configs through the whole pipeline (load, then {@link Server#build}), each with the
 * exact message a user sees: FILE:LINE:COLUMN, what is wrong, and what would be right.
 */
class BrokenConfigTest {
  /** A valid v3 sidecar; each case breaks one thing in it. */
  static final String VALID = """
      static_resources:
        listeners:
        - name: ingress
          address:
            socket_address: {address: 127.0.0.1, port_value: 10000}
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
                      route: {cluster: backend}
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
      """;
  private static final String ROUTER = """
                - name: envoy.filters.http.router
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
      """;
  private static final String ROUTE_CONFIG = """
                route_config:
                  virtual_hosts:
                  - name: all
                    domains: ["*"]
                    routes:
                    - match: {prefix: "/"}
                      route: {cluster: backend}
      """;
  private static final String HCM = "      - name: envoy.filters.network.http_connection_manager\n";
  private static final String TIMEOUT = "    connect_timeout: 1s\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        broken("unknown field, with the right one suggested", "port_value: 10000", "port: 10000",
            "test.yaml:5:44: unknown field 'port' in envoy.config.core.v3.SocketAddress at"
                + " static_resources.listeners[0].address.socket_address (did you mean 'port_value'?)"),
        broken("route to an unknown cluster", "route: {cluster: backend}", "route: {cluster: backnd}",
            "test.yaml:18:25: unknown cluster 'backnd'; static clusters are backend"),
        broken("unknown HTTP filter", ROUTER, "          - name: envoy.filters.http.gzip_magic\n" + ROUTER,
            "test.yaml:20:13: unknown HTTP filter 'envoy.filters.http.gzip_magic';"
                + " known HTTP filters: envoy.filters.http.router"),
        broken("unknown network filter", HCM, "      - name: envoy.filters.network.echo_magic\n" + HCM,
            "test.yaml:8:9: unknown network filter 'envoy.filters.network.echo_magic';"
                + " known network filters: envoy.filters.network.http_connection_manager"),
        broken("cluster outlier_detection", TIMEOUT, TIMEOUT + "    outlier_detection: {consecutive_5xx: 5}\n",
            "test.yaml:26:5: cluster 'backend': field 'outlier_detection' is not supported by Remora yet"),
        broken("cluster health_checks", TIMEOUT, TIMEOUT + """
                health_checks:
                - {timeout: 1s, interval: 5s, healthy_threshold: 1, unhealthy_threshold: 1, http_health_check: {path: /health}}
            """,
            "test.yaml:26:5: cluster 'backend': field 'health_checks' is not supported by Remora yet"),
        broken("listener_filters", "    filter_chains:\n",
            "    listener_filters:\n    - name: envoy.filters.listener.tls_inspector\n    filter_chains:\n",
            "test.yaml:6:5: listener 'ingress': field 'listener_filters' is not supported by Remora yet"),
        broken("HCM rds", ROUTE_CONFIG,
            "          rds: {route_config_name: local, config_source: {ads: {}}}\n",
            "test.yaml:12:11: http_connection_manager: field 'rds' is not supported by Remora yet"),
        broken("codec_type HTTP2", "stat_prefix: ingress_http\n", "stat_prefix: ingress_http\n          codec_type: HTTP2\n",
            "test.yaml:12:11: codec_type HTTP2 is not supported by Remora yet (supported: AUTO, HTTP1)"),
        broken("STATIC cluster with a DNS name", "address: 127.0.0.1, port_value: 8080",
            "address: app.internal, port_value: 8080",
            "test.yaml:27:5: STATIC cluster 'backend' needs IP addresses; 'app.internal' is a name"
                + " (use type STRICT_DNS or LOGICAL_DNS)"),
        broken("duplicate listener address", "  clusters:\n", """
              - name: second
                address:
                  socket_address: {address: 127.0.0.1, port_value: 10000}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: second
                      route_config: {}
                      http_filters:
                      - name: envoy.filters.http.router
              clusters:
            """,
            "test.yaml:24:5: listener address 127.0.0.1:10000 is already used by static_resources.listeners[0]"),
        broken("router not last", ROUTER, ROUTER + "          - name: envoy.filters.http.router\n",
            "test.yaml:20:13: the router must be the last HTTP filter"),
        broken("listener port out of range", "port_value: 10000", "port_value: 99999",
            "test.yaml:5:44: port_value 99999 is out of range (0 to 65535)"),
        broken("endpoint port out of range", "port_value: 8080", "port_value: 80800",
            "test.yaml:31:69: port_value 80800 is out of range (0 to 65535)"),
        broken("negative connect_timeout", TIMEOUT, "    connect_timeout: -1s\n",
            "test.yaml:25:5: cluster 'backend': connect_timeout must be greater than 0s"));
  }

  private static Arguments broken(String what, String find, String replacement, String expected) {
    assertThat(VALID).as(what).contains(find);
    return Arguments.of(what, VALID.replace(find, replacement), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusedWithItsPlaceAndReason(String what, String yaml, String expected) {
    String message = RunningProxy.configError(yaml);
    assertThat(message).as(what).isEqualTo(expected);
    for (String line : message.split("\n")) {
      assertThat(line).matches("test\\.yaml:\\d+:\\d+: .+");
    }
    MainValidateTest.assertNoTrace(message);
  }

  @org.junit.jupiter.api.Test
  void theValidConfigIsValid() {
    assertThat(RunningProxy.configError(VALID)).isNull();
  }
}
