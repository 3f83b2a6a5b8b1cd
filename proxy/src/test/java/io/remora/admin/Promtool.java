package io.remora.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} on exposition text. Envoy's own output breaks four of
 * promtool's style lints (no HELP lines, counters such as {@code envoy_cluster_upstream_rq}
 * without {@code _total}, the gauge {@code envoy_cluster_membership_total} with it, and
 * {@code _ms} units); Remora keeps Envoy's names, so those lint messages are allowed.
 * Anything else (a parse error, a duplicate series, a bad label) fails.
 */
final class Promtool {
  private static final List<String> ENVOY_NAME_LINTS =
      List.of("no help text", "counter metrics should have \"_total\" suffix",
          "non-counter metrics should not have \"_total\" suffix", "metric names should not contain abbreviated units");

  private Promtool() {}

  static void assertValid(String exposition) throws IOException, InterruptedException {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int exit = process.exitValue();
    // 0: clean; 3: lint problems only; anything else: the text did not parse.
    assertThat(exit).as("promtool exit code; output:\n%s", output).isIn(0, 3);
    assertThat(output.lines())
        .as("promtool problems other than Envoy's naming style")
        .allMatch(line -> ENVOY_NAME_LINTS.stream().anyMatch(line::contains));
  }
}
