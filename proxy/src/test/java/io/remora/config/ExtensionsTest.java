package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.config.Extensions.Extension;
import io.remora.config.Extensions.Kind;
import org.junit.jupiter.api.Test;

/** The extension table agrees with the API jar and answers by name, old name and type URL. */
class ExtensionsTest {
  private final Extensions extensions = Extensions.envoy();

  @Test
  void everyTypeUrlResolvesInTheApiJar() {
    MessageTypes types = MessageTypes.load();
    for (Extension extension : extensions.all()) {
      assertThat(types.byTypeUrl(extension.typeUrl())).as(extension.name()).isPresent();
      if (extension.perRouteTypeUrl() != null) {
        assertThat(types.byTypeUrl(extension.perRouteTypeUrl())).as(extension.name())
            .isPresent();
      }
    }
  }

  @Test
  void oldNamesMeanTheCanonicalOnes() {
    assertThat(extensions.byName(Kind.HTTP_FILTER, "envoy.router").map(Extension::name))
        .contains("envoy.filters.http.router");
    assertThat(extensions.byName(Kind.NETWORK_FILTER, "envoy.ext_authz").map(Extension::name))
        .contains("envoy.filters.network.ext_authz");
    assertThat(extensions.byName(Kind.HTTP_FILTER, "envoy.ext_authz").map(Extension::name))
        .contains("envoy.filters.http.ext_authz");
    assertThat(extensions.byName(Kind.LISTENER_FILTER, "envoy.listener.tls_inspector")
        .map(Extension::name)).contains("envoy.filters.listener.tls_inspector");
    assertThat(extensions.byName(Kind.ACCESS_LOGGER, "envoy.file_access_log")
        .map(Extension::name)).contains("envoy.access_loggers.file");
    assertThat(extensions.byName(Kind.NETWORK_FILTER, "envoy.tcp_proxy").map(Extension::name))
        .contains("envoy.filters.network.tcp_proxy");
    assertThat(extensions.byName(Kind.HTTP_FILTER, "envoy.nothing")).isEmpty();
  }

  @Test
  void transportSocketTypeDependsOnTheSide() {
    assertThat(extensions.byName(Kind.UPSTREAM_TRANSPORT_SOCKET, "tls").orElseThrow().typeUrl())
        .endsWith("tls.v3.UpstreamTlsContext");
    assertThat(extensions.byName(Kind.DOWNSTREAM_TRANSPORT_SOCKET, "tls").orElseThrow()
        .typeUrl()).endsWith("tls.v3.DownstreamTlsContext");
  }

  @Test
  void typeUrlsTranslateAndResolve() {
    assertThat(extensions.v3TypeUrl("type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext"))
        .contains("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3"
            + ".UpstreamTlsContext");
    assertThat(extensions.v3TypeUrl(
        "type.googleapis.com/envoy.config.filter.http.health_check.v2.HealthCheck"))
        .contains("type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck");
    assertThat(extensions.v3TypeUrl("type.googleapis.com/envoy.api.v2.Cluster"))
        .contains("type.googleapis.com/envoy.config.cluster.v3.Cluster");
    assertThat(extensions.byTypeUrl(
        "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors").map(Extension::name))
        .contains("envoy.filters.http.cors");
    assertThat(extensions.names(Kind.LISTENER_FILTER))
        .contains("envoy.filters.listener.tls_inspector");
  }
}
