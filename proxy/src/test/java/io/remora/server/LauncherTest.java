package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.remora.config.SharedFiles;
import io.remora.testing.Configs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./remora} launcher from the repository root. By default only when
 * proxy/target/remora.jar is fresh (else the launcher would run Maven inside this build); the
 * slow variant lets it build first.
 */
class LauncherTest {
  private static final Path ROOT = SharedFiles.repository();

  @Test
  void validatesTheLabWithAFreshJar() throws Exception {
    assumeTrue(jarIsFresh(), "proxy/target/remora.jar is missing or older than the sources");
    validateTheLab(60);
  }

  @Test
  @Tag("slow")
  void buildsThenValidatesTheLab() throws Exception {
    validateTheLab(600);
  }

  /**
   * The class-data archive the launcher makes is the one the JVM maps, and it holds Remora's
   * own classes: {@code -Xshare:on} stops the JVM when the archive cannot be used (a flag the
   * dump did not share, say), where the launcher's default would quietly start slower.
   */
  @Test
  void runsFromItsClassDataArchive(@TempDir Path tmp) throws Exception {
    assumeTrue(jarIsFresh(), "proxy/target/remora.jar is missing or older than the sources");
    Path classLog = tmp.resolve("classes.log");
    validateTheLab(120); // makes the archive if this jar has none yet
    validateTheLab(60, Map.of("REMORA_CDS", "on",
        "JAVA_TOOL_OPTIONS", "-Xshare:on -Xlog:class+load=info:file=" + classLog));
    assertThat(Files.readAllLines(classLog))
        .anyMatch(line -> line.contains(" io.remora.server.Main source: shared objects file"));
  }

  /**
   * Netty's native transport is copied out once and loaded from there: with Netty's own
   * extraction made impossible (its work directory is a file), the proxy still runs on epoll.
   */
  @Test
  void loadsNettysNativeTransportFromTheCopiedOutDirectory(@TempDir Path tmp) throws Exception {
    assumeTrue(jarIsFresh(), "proxy/target/remora.jar is missing or older than the sources");
    validateTheLab(120); // makes the directory if this jar has none yet
    try (Stream<Path> libraries = Files.list(ROOT.resolve("proxy/target/native"))) {
      assertThat(libraries.map(path -> path.getFileName().toString()))
          .anyMatch(name -> name.startsWith("libnetty_transport_native_epoll"));
    }
    Path notADirectory = Files.writeString(tmp.resolve("not-a-directory"), "");
    Path config = Files.writeString(tmp.resolve("remora.yaml"), Configs.httpProxy(9));
    ProcessBuilder builder = new ProcessBuilder("./remora", "proxy", "-c", config.toString(), "--concurrency", "1")
        .directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Dio.netty.native.workdir=" + notADirectory);
    Process proxy = builder.start();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(proxy.getInputStream(),
        StandardCharsets.UTF_8))) {
      String started = null;
      for (String line; started == null && (line = lines.readLine()) != null; ) {
        if (line.contains("remora started")) {
          started = line;
        }
      }
      assertThat(started).as("the proxy's start line").isNotNull().contains(" on epoll");
    } finally {
      proxy.destroyForcibly();
      proxy.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void validateTheLab(int timeoutSeconds) throws Exception {
    validateTheLab(timeoutSeconds, Map.of());
  }

  private static void validateTheLab(int timeoutSeconds, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("./remora", "validate", "examples/lab/envoy.yaml")
        .directory(ROOT.toFile()).redirectErrorStream(false);
    builder.environment().putAll(env);
    Process launcher = builder.start();
    try {
      launcher.getOutputStream().close();
      // Maven output, if any, goes to stderr; drain it so a full pipe cannot stall the build.
      Thread drain = new Thread(() -> {
        try {
          launcher.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
          // The child is gone.
        }
      });
      drain.start();
      String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(launcher.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.exitValue()).isZero();
      assertThat(out).isEqualTo("configuration 'examples/lab/envoy.yaml' OK\n");
    } finally {
      launcher.destroyForcibly();
    }
  }

  /** The launcher's own rule: no pom or source file newer than the jar. */
  private static boolean jarIsFresh() throws IOException {
    Path jar = ROOT.resolve("proxy/target/remora.jar");
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    FileTime built = Files.getLastModifiedTime(jar);
    for (String input : List.of("pom.xml", "proxy/pom.xml", "greeter/pom.xml", "proxy/src", "greeter/src")) {
      Path path = ROOT.resolve(input);
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(path)) {
        if (files.anyMatch(file -> newer(file, built))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean newer(Path file, FileTime than) {
    try {
      return Files.getLastModifiedTime(file).compareTo(than) > 0;
    } catch (IOException gone) {
      return false;
    }
  }
}
