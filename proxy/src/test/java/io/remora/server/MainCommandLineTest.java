package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: the shapes options come in, help, version and usage errors. */
class MainCommandLineTest {
  @TempDir Path directory;

  @Test
  void optionsTakeTheirValueAttachedOrAsTheNextArgument() throws IOException {
    Path lab = Cli.labConfig(directory);
    for (String[] args : new String[][] {
        {"proxy", "--mode", "validate", "--config-path", lab.toString()},
        {"proxy", "--mode=validate", "--config-path=" + lab},
        {"proxy", "--mode", "validate", "-c" + lab},
        {"--mode", "validate", "-l", "warning", "-c", lab.toString(), "--concurrency", "2", "--drain-time-s=1"},
        {"validate", "--", lab.toString()},
    }) {
      Cli.Result result = Cli.run(args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(result.out()).isEqualTo("configuration '" + lab + "' OK\n");
    }
  }

  @Test
  void helpListsTheCommandsAndEachCommandsOptions() {
    Cli.Result top = Cli.run("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).startsWith("Usage: remora [-h] [-V] COMMAND [OPTIONS]\n")
        .contains("  proxy ", "  validate ", "  greeter ", "  demo ").doesNotContain("train");
    assertThat(Cli.run().out()).isEqualTo(top.out());

    Cli.Result proxy = Cli.run("proxy", "--help");
    assertThat(proxy.exitCode()).isZero();
    assertThat(proxy.out()).startsWith("Usage: remora proxy [OPTIONS]\n")
        .contains("  -c, --config-path FILE ", "  --concurrency N ", "(default: info)", "  -h, --help ");
    assertThat(Cli.run("validate", "-h").out()).startsWith("Usage: remora validate [OPTIONS] [FILE]\n");
  }

  @Test
  void versionAtTheTopAndAfterACommand() {
    assertThat(Cli.run("--version").out()).isEqualTo("remora 0.1.0\n");
    assertThat(Cli.run("proxy", "-V").out()).isEqualTo("remora 0.1.0\n");
  }

  @Test
  void malformedCommandLinesExit2WithOneLine() {
    assertUsageError(Cli.run("proxy", "--bogus"), "remora proxy: unknown option '--bogus' (see remora proxy --help)\n");
    assertUsageError(Cli.run("proxy", "-c"),
        "remora proxy: option '--config-path' needs a value (FILE) (see remora proxy --help)\n");
    assertUsageError(Cli.run("proxy", "-c", "a.yaml", "--config-path", "b.yaml"),
        "remora proxy: option '--config-path' given more than once (see remora proxy --help)\n");
    assertUsageError(Cli.run("proxy", "-c", "a.yaml", "--concurrency=two"),
        "remora proxy: invalid value for option '--concurrency': 'two' is not an integer (see remora proxy --help)\n");
    assertUsageError(Cli.run("proxy", "stray"), "remora proxy: unexpected argument 'stray' (see remora proxy --help)\n");
    assertUsageError(Cli.run("validate", "a.yaml", "b.yaml"),
        "remora validate: more than one FILE: 'a.yaml' and 'b.yaml' (see remora validate --help)\n");
    assertUsageError(Cli.run("--help=yes"), "remora proxy: option '--help' takes no value (see remora proxy --help)\n");
    assertUsageError(Cli.run("launch"),
        "remora: unknown command 'launch' (commands: proxy, validate, greeter, demo; see remora --help)\n");
  }

  private static void assertUsageError(Cli.Result result, String message) {
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo(message);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void trainRunsTheProxyStartPathAndExits0() {
    Cli.Result result = Cli.run("train");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).doesNotContain("ERROR", "Exception");
  }
}
