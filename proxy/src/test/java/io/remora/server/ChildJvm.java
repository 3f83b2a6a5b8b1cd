package io.remora.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp <this test's classpath> io.remora.server.Main ARGS} in a child JVM (the main
 * the launcher execs), with its output in files so it can never block on a full pipe. Close it
 * to kill it.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private ChildJvm(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static ChildJvm start(Path directory, String... args) throws IOException {
    return start(directory, List.of(), args);
  }

  /** As {@link #start(Path, String...)}, with more JVM options (say, -Xlog). */
  static ChildJvm start(Path directory, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx128m",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(directory, "child", ".out");
    Path err = Files.createTempFile(directory, "child", ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    return new ChildJvm(process, out, err);
  }

  /** A port that was free a moment ago, on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Waits until stdout or stderr contains {@code text}; fails with both if it never does. */
  void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (out().contains(text) || err().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("child never printed '" + text + "' (alive: " + process.isAlive()
        + ")\nstdout:\n" + out() + "\nstderr:\n" + err());
  }

  /** Waits for the exit code; null if the child is still running after {@code timeout}. */
  Integer awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** SIGTERM on Linux. */
  void terminate() {
    process.destroy();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
