package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remora validate} and {@code remora proxy --mode validate}, run in this JVM through {@link Main#run}. */
class MainValidateTest {
  /** A v3 config whose only fault is {@code port} for {@code port_value}, on line 4. */
  private static final String BROKEN = Configs.httpProxy(8080)
      .replace("{address: 127.0.0.1, port_value: 0}", "{address: 127.0.0.1, port: 0}");

  @TempDir Path directory;

  @Test
  void validatesTheLabConfig() throws IOException {
    Path lab = Cli.labConfig(directory);
    Cli.Result result = Cli.run("validate", lab.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + lab + "' OK\n");
  }

  @Test
  void validatesAV3Config() throws IOException {
    Path v3 = Cli.write(directory, "v3.yaml", Configs.httpProxy(8080));
    Cli.Result result = Cli.run("validate", v3.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + v3 + "' OK\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void validateTakesDashCAsTheLauncherDocuments() throws IOException {
    Path v3 = Cli.write(directory, "v3.yaml", Configs.httpProxy(8080));
    Cli.Result result = Cli.run("validate", "-c", v3.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + v3 + "' OK\n");
  }

  @Test
  void brokenConfigExitsOneWithItsPlace() throws IOException {
    Path broken = Cli.write(directory, "broken.yaml", BROKEN);
    Cli.Result result = Cli.run("validate", broken.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith(broken + ":4:52: unknown field 'port' in envoy.config.core.v3.SocketAddress"
        + " at static_resources.listeners[0].address.socket_address (did you mean 'port_value'?)\n");
    assertNoTrace(result.err());
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = directory.resolve("nope.yaml");
    Cli.Result result = Cli.run("validate", missing.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(missing + ": cannot read config: no such file\n");
  }

  @Test
  void proxyModeValidateIsTheSame() throws IOException {
    Path lab = Cli.labConfig(directory);
    Cli.Result ok = Cli.run("proxy", "--mode", "validate", "-c", lab.toString());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).isEqualTo("configuration '" + lab + "' OK\n");

    Path broken = Cli.write(directory, "broken.yaml", BROKEN);
    Cli.Result refused = Cli.run("proxy", "--mode", "validate", "-c", broken.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith(broken + ":4:52: unknown field 'port'");
    assertNoTrace(refused.err());
  }

  @Test
  void envoyStyleArgumentsGoToProxy() throws IOException {
    Path lab = Cli.labConfig(directory);
    Cli.Result result = Cli.run("-c", lab.toString(), "--mode", "validate");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("configuration '" + lab + "' OK\n");
  }

  @Test
  void inlineConfigYaml() {
    Cli.Result ok = Cli.run("proxy", "--mode", "validate", "--config-yaml", Configs.httpProxy(8080));
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).isEqualTo("configuration '--config-yaml' OK\n");

    Cli.Result refused = Cli.run("proxy", "--mode", "validate", "--config-yaml", BROKEN);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith("--config-yaml:4:52: unknown field 'port'");
  }

  @Test
  void configYamlIsMergedOverTheFile() throws IOException {
    Path lab = Cli.labConfig(directory);
    // The overlay adds a second cluster; a second listener routing to it would need the lab's
    // listener gone, so check the merge through an error only the merged config can have.
    String overlay = """
        static_resources:
          clusters:
          - name: local_service
            connect_timeout: 1s
            type: STATIC
            load_assignment:
              cluster_name: local_service
              endpoints:
              - lb_endpoints:
                - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 9}}}
        """;
    Cli.Result merged = Cli.run("proxy", "--mode", "validate", "-c", lab.toString(), "--config-yaml", overlay);
    assertThat(merged.exitCode()).isEqualTo(1);
    assertThat(merged.err()).contains("duplicate cluster name 'local_service'");
    assertNoTrace(merged.err());

    Cli.Result harmless = Cli.run("proxy", "--mode", "validate", "-c", lab.toString(),
        "--config-yaml", "node: {id: sidecar-1, cluster: greeter}");
    assertThat(harmless.exitCode()).isZero();
    assertThat(harmless.out()).isEqualTo("configuration '" + lab + "' OK\n");
  }

  @Test
  void unknownModeIsAUsageError() throws IOException {
    Path lab = Cli.labConfig(directory);
    Cli.Result result = Cli.run("proxy", "--mode", "check", "-c", lab.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("remora: unknown --mode 'check' (valid: serve, validate)\n");
  }

  @Test
  void unknownLogLevelIsAUsageError() throws IOException {
    Path lab = Cli.labConfig(directory);
    Cli.Result result = Cli.run("proxy", "-l", "loud", "--mode", "validate", "-c", lab.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo(
        "remora: unknown log level 'loud' (valid: trace, debug, info, warning, error, critical, off)\n");
  }

  @Test
  void noConfigIsAUsageError() {
    Cli.Result proxy = Cli.run("proxy", "--mode", "validate");
    assertThat(proxy.exitCode()).isEqualTo(2);
    assertThat(proxy.err()).isEqualTo("remora: no config: give -c/--config-path FILE or --config-yaml YAML\n");

    Cli.Result validate = Cli.run("validate");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err()).isEqualTo("remora: give the config once: validate FILE, or validate -c FILE\n");
  }

  static void assertNoTrace(String stderr) {
    assertThat(stderr).doesNotContain("\tat ", "Exception", "io.remora.", "java.");
  }
}
