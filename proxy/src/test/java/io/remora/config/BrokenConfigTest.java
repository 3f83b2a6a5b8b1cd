package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken configs fail with one line per error naming file, line, column, path and expectation. */
class BrokenConfigTest {
  private static final ConfigLoader LOADER = ConfigLoader.create();

  private static final String LISTENER_HEAD = """
      static_resources:
        listeners:
        - name: web
          address:
            socket_address:
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("unknown field with a suggestion", LISTENER_HEAD + """
                    address: 0.0.0.0
                    port: 80
            """,
            "broken.yaml:7:9: unknown field 'port' in envoy.config.core.v3.SocketAddress at"
                + " static_resources.listeners[0].address.socket_address"
                + " (did you mean 'port_value'?)"),
        Arguments.of("wrong scalar type", LISTENER_HEAD + """
                    address: 0.0.0.0
                    port_value: abc
            """,
            "broken.yaml:7:21: expected a non-negative integer for"
                + " static_resources.listeners[0].address.socket_address.port_value, got 'abc'"),
        Arguments.of("bad enum", """
            static_resources:
              clusters:
              - name: app
                type: strictdns
            """,
            "broken.yaml:4:11: unknown value 'strictdns' for static_resources.clusters[0].type;"
                + " expected one of STATIC, STRICT_DNS, LOGICAL_DNS, EDS, ORIGINAL_DST"),
        Arguments.of("bad duration", """
            static_resources:
              clusters:
              - name: app
                connect_timeout: 5 seconds
            """,
            "broken.yaml:4:22: expected a duration like '1.5s' for"
                + " static_resources.clusters[0].connect_timeout, got '5 seconds'"),
        Arguments.of("unknown @type", """
            static_resources:
              clusters:
              - name: app
                transport_socket:
                  name: envoy.transport_sockets.tls
                  typed_config:
                    "@type": type.googleapis.com/envoy.nothing.v3.Missing
            """,
            "broken.yaml:7:18: unknown type URL 'type.googleapis.com/envoy.nothing.v3.Missing'"
                + " in '@type' of static_resources.clusters[0].transport_socket.typed_config"),
        Arguments.of("YAML syntax error", """
            static_resources:
              clusters:
              - name: app
               type: STATIC
            """,
            "broken.yaml:4:4: YAML syntax error: expected <block end>, but found '<block mapping"
                + " start>'"),
        Arguments.of("two members of one oneof", """
            static_resources:
              listeners:
              - address:
                  socket_address: {address: 0.0.0.0, port_value: 80}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.tcp_proxy
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                      stat_prefix: tcp
                      cluster: app
                      weighted_clusters: {clusters: [{name: app, weight: 1}]}
            """,
            "broken.yaml:12:11: fields 'cluster' and 'weighted_clusters' are both set, but only"
                + " one of oneof 'cluster_specifier' may be at"
                + " static_resources.listeners[0].filter_chains[0].filters[0].typed_config"),
        Arguments.of("listener without an address", """
            static_resources:
              listeners:
              - name: web
                filter_chains: []
            """,
            "broken.yaml:3:5: missing required field 'address' in"
                + " envoy.config.listener.v3.Listener at static_resources.listeners[0]"),
        Arguments.of("route to an unknown cluster", """
            static_resources:
              listeners:
              - address: {socket_address: {address: 0.0.0.0, port_value: 80}}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: web
                      route_config:
                        virtual_hosts:
                        - name: all
                          domains: ["*"]
                          routes:
                          - match: {prefix: /}
                            route: {cluster: ap}
              clusters:
              - {name: app, connect_timeout: 1s}
              - {name: db, connect_timeout: 1s}
            """,
            "broken.yaml:16:25: unknown cluster 'ap'; static clusters are app, db"),
        Arguments.of("two listeners on one address", """
            static_resources:
              listeners:
              - name: one
                address: {socket_address: {address: 0.0.0.0, port_value: 80}}
              - name: two
                address: {socket_address: {address: 0.0.0.0, port_value: 80}}
            """,
            "broken.yaml:6:5: listener address 0.0.0.0:80 is already used by"
                + " static_resources.listeners[0]"),
        Arguments.of("empty file", "# nothing here\n",
            "broken.yaml:1:1: empty config: expected a bootstrap mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithTheExactMessage(String description, String config, String expected) {
    ConfigException error =
        catchThrowableOfType(ConfigException.class, () -> LOADER.loadString(config, "broken.yaml"));
    assertThat(error).as(description).isNotNull();
    assertThat(error.getMessage()).isEqualTo(expected);
    assertThat(error.errors()).containsExactly(expected);
  }
}
