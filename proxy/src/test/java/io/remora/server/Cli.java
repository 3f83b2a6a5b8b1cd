package io.remora.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@link Main#run} in this JVM with System.out and System.err captured, for tests. */
final class Cli {
  private Cli() {}

  /** What a command printed and how it exited. */
  record Result(int exitCode, String out, String err) {}

  static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    String level = Logging.levels().getOrDefault("io.remora", "info");
    int exitCode;
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      exitCode = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      // validate and -l change the level of every Remora logger; later tests expect the default.
      Logging.setLevel(level);
    }
    return new Result(exitCode, capturedOut.toString(StandardCharsets.UTF_8),
        capturedErr.toString(StandardCharsets.UTF_8));
  }

  /** The lab's envoy.yaml from the classpath (as {@code remora demo} reads it), copied into {@code directory}. */
  static Path labConfig(Path directory) throws IOException {
    Path file = directory.resolve("envoy.yaml");
    try (InputStream in = Cli.class.getResourceAsStream("/lab/envoy.yaml")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** Writes {@code yaml} to {@code directory/name}. */
  static Path write(Path directory, String name, String yaml) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }
}
