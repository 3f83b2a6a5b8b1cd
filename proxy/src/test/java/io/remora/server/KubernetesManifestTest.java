package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.config.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** deploy/kubernetes has the lab's shape: the ConfigMap, the app with its sidecar, a Service to the sidecar. */
class KubernetesManifestTest {
  private static final Path DEPLOY = SharedFiles.repository().resolve("deploy/kubernetes");

  @TempDir Path directory;

  @Test
  void configMapCarriesTheLabConfig() throws IOException {
    String envoyYaml = configMapEnvoyYaml();
    Object lab = parse(Files.readString(SharedFiles.repository().resolve("examples/lab/envoy.yaml"))).get(0);
    assertThat(parse(envoyYaml).get(0)).isEqualTo(lab);
  }

  @Test
  void configMapConfigValidates() throws IOException {
    Path file = Cli.write(directory, "envoy.yaml", configMapEnvoyYaml());
    Cli.Result result = Cli.run("validate", file.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + file + "' OK\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void deploymentHasTheAppAndTheSidecar() throws IOException {
    Map<String, Object> deployment = document("bdgreeter.yaml", "Deployment");
    Map<String, Object> pod = at(deployment, "spec", "template", "spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
    Map<String, Object> app = named(containers, "app");
    assertThat(ports(app)).containsExactly(8080);

    Map<String, Object> sidecar = named(containers, "remora");
    assertThat(sidecar.get("args")).isEqualTo(List.of("proxy", "-c", "/envoy-config/envoy.yaml"));
    assertThat(ports(sidecar)).contains(80, 8081);
    List<Map<String, Object>> mounts = (List<Map<String, Object>>) sidecar.get("volumeMounts");
    String volume = mounts.stream().filter(mount -> "/envoy-config".equals(mount.get("mountPath")))
        .map(mount -> (String) mount.get("name")).findFirst().orElseThrow();
    Map<String, Object> configVolume = named((List<Map<String, Object>>) pod.get("volumes"), volume);
    String configMapName = (String) at(document("configmap.yaml", "ConfigMap"), "metadata").get("name");
    assertThat(at(configVolume, "configMap").get("name")).isEqualTo(configMapName);
  }

  @Test
  @SuppressWarnings("unchecked")
  void servicePort80GoesToTheSidecarNotTheApp() throws IOException {
    Map<String, Object> service = document("bdgreeter.yaml", "Service");
    List<Map<String, Object>> ports = (List<Map<String, Object>>) at(service, "spec").get("ports");
    Map<String, Object> http = ports.stream().filter(port -> Integer.valueOf(80).equals(port.get("port")))
        .findFirst().orElseThrow();
    assertThat(http.get("targetPort")).isEqualTo(80);
    assertThat(ports).noneMatch(port -> Integer.valueOf(8080).equals(port.get("targetPort")));
  }

  private static String configMapEnvoyYaml() throws IOException {
    return (String) at(document("configmap.yaml", "ConfigMap"), "data").get("envoy.yaml");
  }

  private static List<Object> parse(String yaml) {
    List<Object> documents = new ArrayList<>();
    new Yaml(new LoaderOptions()).loadAll(yaml).forEach(documents::add);
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> document(String file, String kind) throws IOException {
    return parse(Files.readString(DEPLOY.resolve(file))).stream()
        .map(document -> (Map<String, Object>) document)
        .filter(document -> kind.equals(document.get("kind")))
        .findFirst().orElseThrow(() -> new AssertionError(file + " has no " + kind));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> node, String... keys) {
    Map<String, Object> current = node;
    for (String key : keys) {
      current = (Map<String, Object>) current.get(key);
      assertThat(current).as(key).isNotNull();
    }
    return current;
  }

  private static Map<String, Object> named(List<Map<String, Object>> items, String name) {
    return items.stream().filter(item -> name.equals(item.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("nothing named " + name));
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> ports(Map<String, Object> container) {
    return ((List<Map<String, Object>>) container.get("ports")).stream()
        .map(port -> (Integer) port.get("containerPort")).toList();
  }
}
