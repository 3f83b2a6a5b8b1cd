package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.config.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code remora validate} over the shared Envoy corpus. Every file either validates or is
 * refused with FILE:LINE:COLUMN lines, never a stack trace. Today's result:
 *
 * <pre>
 * admin-interface-tcp-proxy.yaml          refused: network filter 'envoy.filters.network.tcp_proxy' is not supported by Remora yet
 * csrf-samesite-front-envoy.v2.yaml       refused: cluster field 'http2_protocol_options' not supported yet
 * double-proxy-backend-mtls.yaml          refused: listener field 'listener_filters' not supported yet
 * envoyproxy-io-proxy.yaml                refused: cluster field 'transport_socket' (upstream TLS) not supported yet
 * front-proxy-service-envoy.v2.yaml       OK
 * google-com-proxy.v2.yaml                refused: cluster field 'transport_socket' (upstream TLS) not supported yet
 * grpc-s2s-hello-envoy-proxy.yaml         refused: cluster fields 'health_checks', 'typed_extension_protocol_options' not supported yet
 * gzip-compressor.yaml                    refused: HTTP filter 'envoy.filters.http.compressor' is not supported by Remora yet
 * healthchecks-sidecar.v2.yaml            refused: HTTP filter 'envoy.filters.http.health_check' is not supported by Remora yet
 * katacoda-blue-green.v2.yaml             OK
 * katacoda-https-redirect-tls.v2.yaml     refused: filter chain field 'transport_socket' (downstream TLS) not supported yet
 * local-ratelimit.yaml                    refused: HTTP filter 'envoy.filters.http.local_ratelimit' is not supported by Remora yet
 * tls-inspector-alpn-passthrough.yaml     refused: listener field 'listener_filters' not supported yet
 * lab/envoy.yaml                          OK
 * </pre>
 *
 * When Remora learns a feature, move its file to {@link #VALIDATES} and update this list.
 */
class CorpusValidateTest {
  /** The files that must validate; every other file must be refused cleanly. */
  private static final List<String> VALIDATES =
      List.of("front-proxy-service-envoy.v2.yaml", "katacoda-blue-green.v2.yaml");

  /** What each refused file is refused for: a piece of its first error line. */
  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("admin-interface-tcp-proxy.yaml", "network filter 'envoy.filters.network.tcp_proxy' is not supported by Remora yet"),
      Map.entry("csrf-samesite-front-envoy.v2.yaml", "field 'http2_protocol_options' is not supported by Remora yet"),
      Map.entry("double-proxy-backend-mtls.yaml", "field 'listener_filters' is not supported by Remora yet"),
      Map.entry("envoyproxy-io-proxy.yaml", "field 'transport_socket' is not supported by Remora yet"),
      Map.entry("google-com-proxy.v2.yaml", "field 'transport_socket' is not supported by Remora yet"),
      Map.entry("grpc-s2s-hello-envoy-proxy.yaml", "field 'typed_extension_protocol_options' is not supported by Remora yet"),
      Map.entry("gzip-compressor.yaml", "HTTP filter 'envoy.filters.http.compressor' is not supported by Remora yet"),
      Map.entry("healthchecks-sidecar.v2.yaml", "HTTP filter 'envoy.filters.http.health_check' is not supported by Remora yet"),
      Map.entry("katacoda-https-redirect-tls.v2.yaml", "field 'transport_socket' is not supported by Remora yet"),
      Map.entry("local-ratelimit.yaml", "HTTP filter 'envoy.filters.http.local_ratelimit' is not supported by Remora yet"),
      Map.entry("tls-inspector-alpn-passthrough.yaml", "field 'listener_filters' is not supported by Remora yet"));

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> listing = Files.list(SharedFiles.root().resolve("envoy-configs"))) {
      List<Path> files = listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
      assertThat(files).hasSizeGreaterThanOrEqualTo(13);
      return files.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void validatesOrIsRefusedCleanly(Path file) {
    String name = file.getFileName().toString();
    Cli.Result result = Cli.run("validate", file.toString());
    if (VALIDATES.contains(name)) {
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).isEqualTo("configuration '" + file + "' OK\n");
      return;
    }
    assertThat(result.exitCode()).as(name + " validated; add it to VALIDATES and the list above").isEqualTo(1);
    assertThat(result.out()).isEmpty();
    List<String> errors = result.err().lines().filter(line -> !line.contains("[WARN]")).toList();
    assertThat(errors).isNotEmpty();
    for (String line : errors) {
      assertThat(line).startsWith(file + ":").matches(".+:\\d+:\\d+: .+");
      assertThat(line.contains("not supported by Remora yet") || line.contains("unknown ")).as(line).isTrue();
    }
    MainValidateTest.assertNoTrace(String.join("\n", errors));
    if (REFUSED.containsKey(name)) {
      assertThat(errors.get(0)).contains(REFUSED.get(name));
    }
  }

  @Test
  void theLabValidates() {
    Cli.Result result = Cli.run("validate", SharedFiles.lab().toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + SharedFiles.lab() + "' OK\n");
  }
}
