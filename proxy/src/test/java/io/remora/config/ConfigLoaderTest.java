package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON, the proto JSON leniencies, warnings, positions and error collection. */
class ConfigLoaderTest {
  private final ConfigLoader loader = ConfigLoader.create();

  @Test
  void jsonLoadsTheSameAsYaml(@TempDir Path directory) throws Exception {
    Bootstrap fromYaml = loader.load(SharedFiles.lab()).bootstrap();
    String json = JsonFormat.printer().usingTypeRegistry(loader.typeRegistry()).print(fromYaml);
    Path file = directory.resolve("envoy.json");
    Files.writeString(file, json.replace("  ", "\t"));

    LoadedConfig fromJson = loader.load(file);

    assertThat(fromJson.bootstrap()).isEqualTo(fromYaml);
    assertThat(fromJson.positions().describe("static_resources.clusters[0].name"))
        .startsWith(file + ":");
  }

  @Test
  void protoJsonLeniencies() throws ConfigException {
    String config = """
        node: {id: sidecar, metadata: {zone: a, weight: 3, canary: true, tags: [x, null]}}
        staticResources:
          clusters:
          - name: app
            type: static
            connectTimeout: {seconds: '2', nanos: 500000000}
            perConnectionBufferLimitBytes: '32768'
            wait_for_warm_on_init: 'false'
            circuit_breakers:
              thresholds:
              - max_connections: 10.0
            dns_refresh_rate: 1.5s
            upstream_connection_options:
              tcp_keepalive: {keepalive_time: 30}
            load_assignment:
              cluster_name: app
              endpoints:
              - lb_endpoints:
                - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: '8080'}}}
                  load_balancing_weight: 5
        """;
    Bootstrap bootstrap = loader.loadString(config, "lenient.yaml").bootstrap();
    assertThat(bootstrap.getNode().getMetadata().getFieldsOrThrow("weight").getNumberValue())
        .isEqualTo(3.0);
    assertThat(bootstrap.getNode().getMetadata().getFieldsOrThrow("canary").getBoolValue())
        .isTrue();
    Cluster cluster = bootstrap.getStaticResources().getClusters(0);
    assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    assertThat(cluster.getConnectTimeout().getSeconds()).isEqualTo(2);
    assertThat(cluster.getConnectTimeout().getNanos()).isEqualTo(500_000_000);
    assertThat(cluster.getPerConnectionBufferLimitBytes().getValue()).isEqualTo(32768);
    assertThat(cluster.hasWaitForWarmOnInit()).isTrue();
    assertThat(cluster.getWaitForWarmOnInit().getValue()).isFalse();
    assertThat(cluster.getCircuitBreakers().getThresholds(0).getMaxConnections().getValue())
        .isEqualTo(10);
    assertThat(cluster.getDnsRefreshRate().getNanos()).isEqualTo(500_000_000);
    assertThat(cluster.getLoadAssignment().getEndpoints(0).getLbEndpoints(0)
        .getLoadBalancingWeight().getValue()).isEqualTo(5);
  }

  @Test
  void yamlMergeKeysAndAnchors() throws ConfigException {
    String config = """
        static_resources:
          clusters:
          - &base
            name: one
            type: STATIC
            connect_timeout: 1s
          - <<: *base
            name: two
        """;
    Bootstrap bootstrap = loader.loadString(config, "anchors.yaml").bootstrap();
    assertThat(bootstrap.getStaticResources().getClustersList())
        .extracting(Cluster::getName, Cluster::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("one", Cluster.DiscoveryType.STATIC),
            org.assertj.core.groups.Tuple.tuple("two", Cluster.DiscoveryType.STATIC));
  }

  @Test
  void labWarnsOncePerTranslation() throws ConfigException {
    LoadedConfig config = loader.load(SharedFiles.lab());
    String file = SharedFiles.lab().toString();
    assertThat(config.warnings()).containsExactly(
        file + ":12:15: deprecated filter name 'envoy.http_connection_manager'; use"
            + " 'envoy.filters.network.http_connection_manager'",
        file + ":14:20: deprecated type URL 'type.googleapis.com/envoy.config.filter.network"
            + ".http_connection_manager.v2.HttpConnectionManager'; use 'type.googleapis.com/envoy"
            + ".extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'",
        file + ":29:19: deprecated filter name 'envoy.router'; use 'envoy.filters.http.router'",
        file + ":46:3: deprecated field 'access_log_path' in envoy.config.bootstrap.v3.Admin");
  }

  @Test
  void positionsUseV3PathsThroughTypedConfigs() throws ConfigException {
    Positions positions = loader.load(SharedFiles.lab()).positions();
    String file = SharedFiles.lab().toString();
    String manager = "static_resources.listeners[0].filter_chains[0].filters[0].typed_config";
    assertThat(positions.describe(
        manager + ".route_config.virtual_hosts[0].routes[0].route.cluster"))
        .isEqualTo(file + ":27:19");
    assertThat(positions.describe(manager + ".http_filters[0].name")).isEqualTo(file + ":29:13");
    assertThat(positions.describe(manager + ".@type")).isEqualTo(file + ":14:11");
    assertThat(positions.describe("static_resources.clusters[0].connect_timeout"))
        .isEqualTo(file + ":33:5");
    assertThat(positions.describe("static_resources.clusters[0].outlier_detection.interval"))
        .isEqualTo(file + ":32:5");
    assertThat(positions.describe("")).isEqualTo(file + ":4:1");
    assertThat(positions.error("static_resources", "oops")).isEqualTo(file + ":4:1: oops");
    assertThat(Positions.NONE.error("x", "oops")).isEqualTo("oops");
  }

  @Test
  void synthesizedNodesKeepTheirSourceMarks() throws ConfigException {
    Path file = SharedFiles.corpus("katacoda-blue-green.v2.yaml");
    Positions positions = loader.load(file).positions();
    assertThat(positions.describe("static_resources.clusters[0].load_assignment"))
        .isEqualTo(file + ":51:5");
    assertThat(positions.describe("static_resources.clusters[0].load_assignment.endpoints[0]"
        + ".lb_endpoints[0].endpoint.address.socket_address.port_value"))
        .isEqualTo(file + ":54:9");
  }

  @Test
  void reportsSeveralErrorsAtOnce() {
    String config = """
        static_resources:
          clusters:
          - name: one
            typ: STATIC
          - name: two
            lb_policy: fastest
            connect_timeout: soon
        """;
    ConfigException error =
        catchThrowableOfType(ConfigException.class, () -> loader.loadString(config, "many.yaml"));
    assertThat(error.errors()).containsExactly(
        "many.yaml:4:5: unknown field 'typ' in envoy.config.cluster.v3.Cluster at"
            + " static_resources.clusters[0] (did you mean 'type'?)",
        "many.yaml:6:16: unknown value 'fastest' for static_resources.clusters[1].lb_policy;"
            + " expected one of ROUND_ROBIN, LEAST_REQUEST, RING_HASH, RANDOM, MAGLEV,"
            + " CLUSTER_PROVIDED, LOAD_BALANCING_POLICY_CONFIG",
        "many.yaml:7:22: expected a duration like '1.5s' for"
            + " static_resources.clusters[1].connect_timeout, got 'soon'");
    assertThat(error.getMessage()).isEqualTo(String.join("\n", error.errors()));
  }

  @Test
  void unreadableFileNamesIt() {
    Path missing = Path.of("/nonexistent/envoy.yaml");
    ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.load(missing));
    assertThat(error.getMessage()).startsWith("/nonexistent/envoy.yaml: cannot read config:");
  }
}
