package io.remora.accesslog;

import static io.remora.accesslog.AccessLogFormatterTest.typicalRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remora.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAccessLogTest {
  @TempDir Path dir;

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  @Test
  void writesLinesAndFlushesWithinTheInterval() throws Exception {
    Path file = dir.resolve("access.log");
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      AccessLog log =
          FileAccessLog.of(file.toString(), AccessLogFormatter.text("%RESPONSE_CODE%\n"), writers);
      log.log(typicalRequest());
      log.log(typicalRequest());
      await()
          .atMost(Duration.ofMillis(1900))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> lines(file).size() == 2);
      assertThat(lines(file)).containsExactly("200", "200");
    }
  }

  @Test
  void closeFlushesWhatIsQueued() throws Exception {
    Path file = dir.resolve("access.log");
    AccessLogWriters writers = AccessLogWriters.of(1024, Duration.ofHours(1));
    AccessLog log = FileAccessLog.of(file.toString(), AccessLogFormatter.envoyDefault(), writers);
    for (int i = 0; i < 100; i++) {
      log.log(typicalRequest());
    }
    writers.close();
    assertThat(lines(file))
        .hasSize(100)
        .allMatch(line -> line.startsWith("[2026-11-26T13:06:10.123Z] \"GET /hello HTTP/1.1\" 200"));
    log.log(typicalRequest());
    assertThat(writers.droppedLines()).isEqualTo(1);
  }

  @Test
  void appendsToAnExistingFile() throws Exception {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "old\n");
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      FileAccessLog.of(file.toString(), AccessLogFormatter.text("new\n"), writers)
          .log(typicalRequest());
    }
    assertThat(lines(file)).containsExactly("old", "new");
  }

  @Test
  void loggersOfOnePathShareOneWriter() throws Exception {
    Path file = dir.resolve("shared.log");
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      AccessLog first = FileAccessLog.of(file.toString(), AccessLogFormatter.text("a\n"), writers);
      AccessLog second =
          FileAccessLog.of(file.toString(), AccessLogFormatter.text("b\n"), writers);
      assertThat(writers.writer(file.toString())).isSameAs(writers.writer(file.toString()));
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        AccessLog log = t % 2 == 0 ? first : second;
        threads[t] =
            new Thread(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    log.log(typicalRequest());
                  }
                });
        threads[t].start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
    assertThat(lines(file)).hasSize(4000).allMatch(line -> line.equals("a") || line.equals("b"));
  }

  @Test
  void aFullQueueDropsAndCounts() throws Exception {
    Path file = dir.resolve("small-queue.log");
    AccessLogWriters writers = AccessLogWriters.of(2, Duration.ofSeconds(1));
    AccessLog log = FileAccessLog.of(file.toString(), AccessLogFormatter.text("x\n"), writers);
    int total = 20_000;
    for (int i = 0; i < total; i++) {
      log.log(typicalRequest());
    }
    writers.close();
    long dropped = writers.droppedLines();
    assertThat(dropped).isPositive();
    assertThat(lines(file)).hasSize((int) (total - dropped));
  }

  @Test
  void devNullOpensNothing() throws ConfigException {
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      assertThat(FileAccessLog.of("/dev/null", AccessLogFormatter.envoyDefault(), writers))
          .isSameAs(AccessLog.NONE);
    }
  }

  @Test
  void devStdoutIsTheProcessStdout() throws ConfigException {
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      AccessLog log =
          FileAccessLog.of("/dev/stdout", AccessLogFormatter.text("stdout access log\n"), writers);
      assertThat(((FileAccessLog) log).path()).isEqualTo("/dev/stdout");
      log.log(typicalRequest());
    }
  }
}
