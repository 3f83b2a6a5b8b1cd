package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.route.v3.CorsPolicy;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import org.junit.jupiter.api.Test;

/** v2 shapes the corpus does not use, each translated with one warning naming the v3 spelling. */
class V2TranslatorTest {
  private static final String FILTERS = """
      static_resources:
        listeners:
        - address: {socket_address: {address: 0.0.0.0, port_value: 9000}}
          filter_chains:
          - filters:
      """;

  private final ConfigLoader loader = ConfigLoader.create();

  @Test
  void routeAndMatcherShapes() throws Exception {
    String config = FILTERS + """
              - name: envoy.http_connection_manager
                config:
                  stat_prefix: web
                  idle_timeout: 30s
                  route_config:
                    virtual_hosts:
                    - name: all
                      domains: ["*"]
                      cors:
                        allow_origin_regex: ["https://.*\\\\.example"]
                      routes:
                      - match:
                          regex: "/api/.*"
                          headers:
                          - {name: x-a, regex_match: "v[0-9]"}
                          - {name: x-b, prefix_match: pre}
                        route: {cluster: app, auto_host_rewrite_header: x-host}
                  http_filters:
                  - name: envoy.cors
                  - name: envoy.router
          clusters:
          - {name: app, connect_timeout: 1s}
        runtime:
          symlink_root: /srv/runtime
          subdirectory: current
          override_subdirectory: override
          base: {health_check.min_interval: 5}
        """;
    LoadedConfig loaded = loader.loadString(config, "v2.yaml");
    Bootstrap bootstrap = loaded.bootstrap();
    HttpConnectionManager manager = bootstrap.getStaticResources().getListeners(0)
        .getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
    assertThat(manager.getCommonHttpProtocolOptions().getIdleTimeout())
        .isEqualTo(Durations.fromSeconds(30));
    CorsPolicy cors = manager.getRouteConfig().getVirtualHosts(0).getCors();
    assertThat(cors.getAllowOriginStringMatch(0).getSafeRegex().getRegex())
        .isEqualTo("https://.*\\.example");
    Route route = manager.getRouteConfig().getVirtualHosts(0).getRoutes(0);
    assertThat(route.getMatch().getSafeRegex().getRegex()).isEqualTo("/api/.*");
    HeaderMatcher regex = route.getMatch().getHeaders(0);
    assertThat(regex.getStringMatch().getSafeRegex().getRegex()).isEqualTo("v[0-9]");
    assertThat(route.getMatch().getHeaders(1).getStringMatch().getPrefix()).isEqualTo("pre");
    assertThat(route.getRoute().getHostRewriteHeader()).isEqualTo("x-host");
    assertThat(manager.getHttpFilters(0).getName()).isEqualTo("envoy.filters.http.cors");
    assertThat(manager.getHttpFilters(0).getTypedConfig().getTypeUrl())
        .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors");

    assertThat(bootstrap.getLayeredRuntime().getLayersList())
        .extracting(RuntimeLayer::getName)
        .containsExactly("base", "root", "override", "admin");
    assertThat(bootstrap.getLayeredRuntime().getLayers(2).getDiskLayer().getAppendServiceCluster())
        .isTrue();
    assertThat(bootstrap.getLayeredRuntime().getLayers(1).getDiskLayer().getSubdirectory())
        .isEqualTo("current");

    assertThat(loaded.warnings()).containsExactly(
        "v2.yaml:28:1: deprecated field 'runtime'; use 'layered_runtime'",
        "v2.yaml:6:15: deprecated filter name 'envoy.http_connection_manager'; use"
            + " 'envoy.filters.network.http_connection_manager'",
        "v2.yaml:7:9: deprecated 'config' on filter 'envoy.filters.network.http_connection_manager';"
            + " use 'typed_config' with '@type: type.googleapis.com/envoy.extensions.filters"
            + ".network.http_connection_manager.v3.HttpConnectionManager'",
        "v2.yaml:9:11: deprecated field 'idle_timeout'; use 'common_http_protocol_options"
            + ".idle_timeout'",
        "v2.yaml:15:17: deprecated field 'allow_origin_regex'; use 'allow_origin_string_match'"
            + " with 'safe_regex'",
        "v2.yaml:18:19: deprecated field 'regex'; use 'safe_regex.regex'",
        "v2.yaml:20:33: deprecated field 'regex_match'; use 'string_match.safe_regex'",
        "v2.yaml:21:33: deprecated field 'prefix_match'; use 'string_match.prefix'",
        "v2.yaml:22:39: deprecated field 'auto_host_rewrite_header'; use 'host_rewrite_header'",
        "v2.yaml:24:19: deprecated filter name 'envoy.cors'; use 'envoy.filters.http.cors'",
        "v2.yaml:25:19: deprecated filter name 'envoy.router'; use 'envoy.filters.http.router'",
        "v2.yaml:14:15: deprecated field 'cors' in envoy.config.route.v3.VirtualHost");
  }

  @Test
  void tcpProxyByItsOldName() throws Exception {
    String config = FILTERS + """
              - name: envoy.tcp_proxy
                config: {stat_prefix: tcp, cluster: app}
          clusters:
          - {name: app, connect_timeout: 1s}
        """;
    TcpProxy proxy = loader.loadString(config, "tcp.yaml").bootstrap().getStaticResources()
        .getListeners(0).getFilterChains(0).getFilters(0).getTypedConfig()
        .unpack(TcpProxy.class);
    assertThat(proxy.getCluster()).isEqualTo("app");
  }

  @Test
  void untranslatableV2ShapesAreErrors() {
    String config = FILTERS + """
              - name: acme.custom
                config: {answer: 42}
              - name: envoy.filters.network.squash
                typed_config:
                  "@type": type.googleapis.com/envoy.config.filter.http.squash.v2.Squash
        """;
    ConfigException error =
        catchThrowableOfType(ConfigException.class, () -> loader.loadString(config, "v2.yaml"));
    assertThat(error.errors()).containsExactly(
        "v2.yaml:7:9: cannot translate the v2 'config' of unknown filter 'acme.custom': write"
            + " 'typed_config' with its '@type'",
        "v2.yaml:10:20: type URL 'type.googleapis.com/envoy.config.filter.http.squash.v2.Squash'"
            + " in static_resources.listeners[0].filter_chains[0].filters[1].typed_config is from"
            + " Envoy's v2 API, and Remora knows no v3 type for it");
  }
}
