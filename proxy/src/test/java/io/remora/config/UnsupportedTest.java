package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The data plane's check for fields it does not implement names each one and its place. */
class UnsupportedTest {
  private static final String CONFIG = """
      static_resources:
        clusters:
        - name: x
          connect_timeout: 1s
          outlier_detection:
            consecutive_5xx: 3
          lb_policy: MAGLEV
      """;

  @Test
  void listsEveryUnsupportedFieldWithItsPlace() throws ConfigException {
    LoadedConfig config = ConfigLoader.create().loadString(CONFIG, "envoy.yaml");
    Cluster cluster = config.bootstrap().getStaticResources().getClusters(0);

    var problems = Unsupported.check(cluster, "static_resources.clusters[0]", "cluster 'x'",
        Set.of("name", "connect_timeout"), config.positions());

    assertThat(problems).containsExactly( // in field-number order
        "envoy.yaml:7:5: cluster 'x': field 'lb_policy' is not supported by Remora yet",
        "envoy.yaml:5:5: cluster 'x': field 'outlier_detection' is not supported by Remora yet");
  }

  @Test
  void requireThrowsWithAllOfThem() throws ConfigException {
    LoadedConfig config = ConfigLoader.create().loadString(CONFIG, "envoy.yaml");
    Cluster cluster = config.bootstrap().getStaticResources().getClusters(0);

    ConfigException error = catchThrowableOfType(ConfigException.class, () ->
        Unsupported.require(cluster, "static_resources.clusters[0]", "cluster 'x'",
            Set.of("name", "connect_timeout", "lb_policy"), config.positions()));

    assertThat(error.errors()).containsExactly(
        "envoy.yaml:5:5: cluster 'x': field 'outlier_detection' is not supported by Remora yet");
    Unsupported.require(cluster, "static_resources.clusters[0]", "cluster 'x'",
        Set.of("name", "connect_timeout", "lb_policy", "outlier_detection"), config.positions());
  }
}
