package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Test
  void readsTheSetFieldsOffTheWireAsGetAllFieldsListsThem() throws ConfigException {
    LoadedConfig config = ConfigLoader.create().loadString("""
        static_resources:
          clusters:
          - name: ""
            connect_timeout: 0s
            type: STATIC
            lb_policy: ROUND_ROBIN
            common_lb_config: {}
            eds_cluster_config: { service_name: "" }
            metadata: { filter_metadata: { a: { b: 1 } } }
          - name: x
            connect_timeout: 1s
            outlier_detection:
              consecutive_5xx: 3
            lb_policy: MAGLEV
        """,
        "envoy.yaml");
    io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap bootstrap = config.bootstrap();
    Map<String, Message> loaded = new LinkedHashMap<>();
    loaded.put("", bootstrap);
    loaded.put("static_resources", bootstrap.getStaticResources());
    loaded.put("static_resources.clusters[0]", bootstrap.getStaticResources().getClusters(0));
    loaded.put("static_resources.clusters[1]", bootstrap.getStaticResources().getClusters(1));
    for (Map.Entry<String, Message> entry : loaded.entrySet()) {
      Message message = entry.getValue();
      List<String> expected = names(message.getAllFields().keySet());
      assertThat(names(SetFields.setFields(message))).as(entry.getKey()).isEqualTo(expected);
      // What the loader recorded (and Unsupported reads first) is the same list.
      assertThat(config.positions().fieldsSet(entry.getKey(), message.getDescriptorForType().getFullName()))
          .as(entry.getKey()).contains(expected);
      assertThat(SetFields.names(message, entry.getKey(), config.positions())).isEqualTo(expected);
    }
    assertThat(SetFields.setFields(Cluster.getDefaultInstance())).isEmpty();
    assertThat(names(SetFields.setFields(bootstrap.getStaticResources().getClusters(0))))
        .contains("type", "connect_timeout", "common_lb_config", "eds_cluster_config", "metadata");
  }

  /** The loader's descriptors are not the generated ones, so fields compare by name. */
  private static List<String> names(Collection<FieldDescriptor> fields) {
    return fields.stream().map(FieldDescriptor::getName).toList();
  }
}
