package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.config.SharedFiles;
import io.remora.testing.Configs;
import io.remora.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code remora proxy -c FILE} serves its first request without building the Envoy API's
 * generated descriptors: no {@code XxxProto} outer class of the api jar (nor the validate and
 * udpa annotation classes their options need) is initialised, as the JVM's own class-init log
 * of a fresh child JVM shows. Building them was ~60 % of a start's JFR samples (~160 ms of
 * CPU on one core); the loader uses its bundled descriptors instead, and a stray {@code
 * Any.unpack}, {@code hashCode()}, map getter or serialisation of a message with a map field
 * would bring the cost back unnoticed.
 */
class StartWithoutGeneratedDescriptorsTest {
  /** Outer classes whose static initialiser builds (or whose use means) generated descriptors. */
  private static final Pattern GENERATED_DESCRIPTORS = Pattern.compile(
      "Initializing '((io/envoyproxy/|com/github/(xds|udpa)/)[^']*Proto|io/envoyproxy/pgv/validate/Validate"
          + "|udpa/annotations/[^']*|xds/annotations/[^']*|[^']*DefaultEntryHolder)'");

  @TempDir Path directory;

  @Test
  void benchConfigServesItsFirstRequestWithoutThem() throws Exception {
    String template = Files.readString(SharedFiles.repository().resolve("bench/remora-http1.yaml"));
    try (TestUpstream upstream = TestUpstream.named("app")) {
      int listener = ChildJvm.freePort();
      int admin = ChildJvm.freePort();
      String config = template.replace("__LISTEN_PORT__", Integer.toString(listener))
          .replace("__BACKEND_PORT__", Integer.toString(upstream.port()))
          .replace("__ADMIN_PORT__", Integer.toString(admin));
      assertThat(config).doesNotContain("__");
      assertFirstRequestBuildsNoGeneratedDescriptors(config, listener);
    }
  }

  /** A sidecar's usual extras too: access logs to stdout, route timeouts and rewrites, admin. */
  @Test
  void typicalSidecarConfigServesItsFirstRequestWithoutThem() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("app")) {
      int listener = ChildJvm.freePort();
      int admin = ChildJvm.freePort();
      String virtualHosts = """
          - name: app
            domains: ["*"]
            routes:
            - match: {prefix: "/api/"}
              route: {cluster: app, prefix_rewrite: "/", timeout: 5s}
            - match: {prefix: "/"}
              route: {cluster: app}
          """;
      String accessLog = """
          access_log:
          - name: envoy.access_loggers.stdout
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
          """;
      String config = "admin:\n  address: {socket_address: {address: 127.0.0.1, port_value: " + admin + "}}\n"
          + Configs.bootstrap(virtualHosts, accessLog, Configs.staticCluster("app", upstream.port()))
              .replace("port_value: 0}", "port_value: " + listener + "}");
      assertFirstRequestBuildsNoGeneratedDescriptors(config, listener);
    }
  }

  private void assertFirstRequestBuildsNoGeneratedDescriptors(String config, int listener) throws Exception {
    Path file = Cli.write(directory, "envoy.yaml", config);
    Path log = directory.resolve("class-init.log");
    try (ChildJvm proxy = ChildJvm.start(directory,
        List.of("-Xlog:class+init=info:file=" + log), "proxy", "-c", file.toString())) {
      proxy.awaitOutput("remora started", Duration.ofSeconds(20));
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener + "/")).timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(proxy.err()).isEqualTo(200);
      List<String> initialised = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains("Initializing '")).toList();
      // The log must be the real thing, or the assertion below would pass on nothing.
      assertThat(initialised).anyMatch(line -> line.contains("Initializing 'io/remora/server/Server'"))
          .anyMatch(line -> line.contains("Initializing 'io/envoyproxy/envoy/config/bootstrap/v3/Bootstrap'"));
      assertThat(initialised.stream().filter(line -> GENERATED_DESCRIPTORS.matcher(line).find()))
          .as("classes that build the api jar's descriptors, initialised before the first response")
          .isEmpty();
    }
  }
}
