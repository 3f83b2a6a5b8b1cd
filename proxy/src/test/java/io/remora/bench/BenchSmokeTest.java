package io.remora.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/suite.sh --smoke}: every contender (direct, Remora, nginx, HAProxy) and every
 * section (throughput, latency, memory, scale, start-up) once, a few hundred requests each; the
 * suite exits 0 only when the harness worked and no request failed. Remora runs from this test's
 * classpath (REMORA_CLASSPATH), so neither the launcher nor proxy/target/remora.jar is needed and
 * it runs in {@code mvn verify} before packaging. Skipped when nginx, haproxy, wrk, python3,
 * curl or taskset is not installed.
 */
class BenchSmokeTest {
  private static final Path ROOT = repository();

  @Test
  void smokeRunOfTheSuitePasses() throws Exception {
    for (String tool : List.of("nginx", "haproxy", "wrk", "python3", "curl", "taskset", "setsid")) {
      assumeTrue(installed(tool), tool + " is not installed (the bench suite needs it)");
    }
    Path suite = ROOT.resolve("bench/suite.sh");
    assumeTrue(Files.isExecutable(suite), "bench/suite.sh is missing");

    Path log = Files.createTempFile("bench-smoke", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", suite.toString(), "--smoke")
          .directory(ROOT.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put("REMORA_CLASSPATH", System.getProperty("java.class.path"));
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process suiteProcess = builder.start();
      boolean exited = suiteProcess.waitFor(5, TimeUnit.MINUTES);
      if (!exited) {
        // SIGTERM lets the suite's trap stop every server it started (their process groups).
        suiteProcess.destroy();
        if (!suiteProcess.waitFor(20, TimeUnit.SECONDS)) {
          suiteProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(exited).as("bench/suite.sh --smoke finished within 5 minutes; output:%n%s", output).isTrue();
      assertThat(suiteProcess.exitValue()).as("exit status of bench/suite.sh --smoke; output:%n%s", output).isZero();
      assertThat(output).contains("SMOKE OK").contains("| Remora | 6 B |").contains("| HAProxy | 16 KiB |");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static boolean installed(String tool) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Path repository() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve(".git"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("not inside a git checkout: " + Path.of("").toAbsolutePath());
    }
    return directory;
  }
}
