package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;

/** The v2 files of the corpus come out with the v3 values Envoy would have used. */
class TranslatedValuesTest {
  private static final String HCM_V3 = "type.googleapis.com/"
      + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

  private final ConfigLoader loader = ConfigLoader.create();

  @Test
  void labSidecar() throws Exception {
    Bootstrap bootstrap = loader.load(SharedFiles.lab()).bootstrap();
    var listener = bootstrap.getStaticResources().getListeners(0);
    assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(80);
    Filter filter = listener.getFilterChains(0).getFilters(0);
    assertThat(filter.getName()).isEqualTo("envoy.filters.network.http_connection_manager");
    assertThat(filter.getTypedConfig().getTypeUrl()).isEqualTo(HCM_V3);
    HttpConnectionManager manager = filter.getTypedConfig().unpack(HttpConnectionManager.class);
    assertThat(manager.getStatPrefix()).isEqualTo("ingress_http");
    assertThat(manager.getCodecType()).isEqualTo(HttpConnectionManager.CodecType.AUTO);
    HttpFilter router = manager.getHttpFilters(0);
    assertThat(router.getName()).isEqualTo("envoy.filters.http.router");
    assertThat(router.getTypedConfig().getTypeUrl())
        .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
    Route route = manager.getRouteConfig().getVirtualHosts(0).getRoutes(0);
    assertThat(route.getMatch().getPrefix()).isEqualTo("/hello");
    assertThat(route.getRoute().getCluster()).isEqualTo("local_service");

    Cluster cluster = bootstrap.getStaticResources().getClusters(0);
    assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    assertThat(cluster.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    assertThat(Durations.toMillis(cluster.getConnectTimeout())).isEqualTo(250);
    SocketAddress endpoint = cluster.getLoadAssignment().getEndpoints(0).getLbEndpoints(0)
        .getEndpoint().getAddress().getSocketAddress();
    assertThat(endpoint.getAddress()).isEqualTo("127.0.0.1");
    assertThat(endpoint.getPortValue()).isEqualTo(8080);
    assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getPortValue())
        .isEqualTo(8081);
  }

  @Test
  void blueGreenHostsWeightsAndHeaders() throws Exception {
    Bootstrap bootstrap = load("katacoda-blue-green.v2.yaml");
    Cluster service1 = bootstrap.getStaticResources().getClusters(0);
    assertThat(service1.hasLoadAssignment()).isTrue();
    assertThat(service1.getLoadAssignment().getClusterName()).isEqualTo("service1");
    SocketAddress host = service1.getLoadAssignment().getEndpoints(0).getLbEndpoints(0)
        .getEndpoint().getAddress().getSocketAddress();
    assertThat(host.getAddress()).isEqualTo("172.18.0.3");
    assertThat(host.getPortValue()).isEqualTo(80);

    HttpConnectionManager manager = hcm(bootstrap, 0);
    VirtualHost backend = manager.getRouteConfig().getVirtualHosts(0);
    HeaderMatcher canary = backend.getRoutes(1).getMatch().getHeaders(0);
    assertThat(canary.getName()).isEqualTo("x-canary-version");
    assertThat(canary.getStringMatch())
        .isEqualTo(StringMatcher.newBuilder().setExact("service2a").build());
    assertThat(backend.getRoutes(3).getRoute().getWeightedClusters().getClustersList())
        .extracting(ClusterWeight::getName, weight -> weight.getWeight().getValue())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("service3a", 80),
            org.assertj.core.groups.Tuple.tuple("service3b", 20));
    assertThat(manager.getHttpFilters(0).getName()).isEqualTo("envoy.filters.http.router");
  }

  @Test
  void healthChecksDurationObjectAndStringBool() throws Exception {
    Bootstrap bootstrap = load("healthchecks-sidecar.v2.yaml");
    assertThat(bootstrap.getNode().getCluster()).isEqualTo("test-service");
    Cluster application = bootstrap.getStaticResources().getClusters(0);
    assertThat(application.getConnectTimeout()).isEqualTo(Durations.fromSeconds(5));
    HttpFilter healthCheck = hcm(bootstrap, 0).getHttpFilters(0);
    assertThat(healthCheck.getName()).isEqualTo("envoy.filters.http.health_check");
    HealthCheck config = healthCheck.getTypedConfig().unpack(HealthCheck.class);
    assertThat(config.getPassThroughMode().getValue()).isTrue();
    assertThat(config.hasPassThroughMode()).isTrue();
    assertThat(config.getHeaders(0).getName()).isEqualTo(":path");
    assertThat(config.getHeaders(0).getStringMatch().getExact()).isEqualTo("/healthcheck");
  }

  @Test
  void csrfPerFilterConfigBecomesTyped() throws Exception {
    Bootstrap bootstrap = load("csrf-samesite-front-envoy.v2.yaml");
    HttpConnectionManager manager = hcm(bootstrap, 0);
    VirtualHost www = manager.getRouteConfig().getVirtualHosts(0);
    Any hostCsrf = www.getTypedPerFilterConfigOrThrow("envoy.filters.http.csrf");
    CsrfPolicy hostPolicy = hostCsrf.unpack(CsrfPolicy.class);
    assertThat(hostPolicy.getFilterEnabled().getDefaultValue().getNumerator()).isEqualTo(100);
    assertThat(hostPolicy.getShadowEnabled().getRuntimeKey())
        .isEqualTo("csrf.www.shadow_enabled");
    CsrfPolicy additional = www.getRoutes(2)
        .getTypedPerFilterConfigOrThrow("envoy.filters.http.csrf").unpack(CsrfPolicy.class);
    assertThat(additional.getAdditionalOrigins(0).getSafeRegex().getRegex()).isEqualTo(".*");
    assertThat(www.getCors().getAllowOriginStringMatch(0).getExact()).isEqualTo("*");
    CsrfPolicy filter = manager.getHttpFilters(1).getTypedConfig().unpack(CsrfPolicy.class);
    assertThat(filter.getFilterEnabled().getDefaultValue().getNumerator()).isZero();
    assertThat(manager.getAccessLog(0).getTypedConfig().getTypeUrl()).isEqualTo(
        "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog");
  }

  @Test
  void tlsContextsBecomeTransportSockets() throws Exception {
    Bootstrap redirect = load("katacoda-https-redirect-tls.v2.yaml");
    var socket = redirect.getStaticResources().getListeners(1).getFilterChains(0)
        .getTransportSocket();
    assertThat(socket.getName()).isEqualTo("envoy.transport_sockets.tls");
    DownstreamTlsContext downstream = socket.getTypedConfig().unpack(DownstreamTlsContext.class);
    assertThat(downstream.getCommonTlsContext().getTlsCertificates(0).getCertificateChain()
        .getFilename()).isEqualTo("/etc/envoy/certs/example-com.crt");

    Bootstrap google = load("google-com-proxy.v2.yaml");
    Cluster cluster = google.getStaticResources().getClusters(0);
    assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
    assertThat(cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class)
        .getSni()).isEqualTo("www.google.com");
    assertThat(hcm(google, 0).getRouteConfig().getVirtualHosts(0).getRoutes(0).getRoute()
        .getHostRewriteLiteral()).isEqualTo("www.google.com");
  }

  @Test
  void newerShapesOfV3Files() throws Exception {
    Bootstrap io = load("envoyproxy-io-proxy.yaml");
    assertThat(hcm(io, 0).getSchemeHeaderTransformation().getSchemeToOverwrite())
        .isEqualTo("https");
    Bootstrap admin = load("admin-interface-tcp-proxy.yaml");
    assertThat(NewerFields.adminAllowPaths(admin.getAdmin())).containsExactly(
        StringMatcher.newBuilder().setExact("/ready").build(),
        StringMatcher.newBuilder().setPrefix("/stats").build());
    Bootstrap backend = load("double-proxy-backend-mtls.yaml");
    assertThat(backend.getStaticResources().getListeners(0).getListenerFilters(0)
        .getTypedConfig().getTypeUrl()).isEqualTo("type.googleapis.com/"
            + "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector");
  }

  private Bootstrap load(String name) throws ConfigException {
    return loader.load(SharedFiles.corpus(name)).bootstrap();
  }

  private static HttpConnectionManager hcm(Bootstrap bootstrap, int listener)
      throws InvalidProtocolBufferException {
    return bootstrap.getStaticResources().getListeners(listener).getFilterChains(0)
        .getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
  }
}
