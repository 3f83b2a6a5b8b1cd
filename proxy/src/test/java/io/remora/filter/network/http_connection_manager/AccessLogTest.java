package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection manager's file access log, in Envoy's default format. */
class AccessLogTest {
  /** A port nothing listens on (bound, then closed): connecting to it fails at once. */
  private static int closedPort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /** The connection manager's {@code access_log} to {@code log}, with {@code extra} lines under its typed config. */
  private static String accessLog(Path log, String extra) {
    return """
        access_log:
        - name: envoy.access_loggers.file
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
            path: %s
        """.formatted(log) + extra.stripIndent().indent(4);
  }

  @Test
  void oneRequestIsOneLineWithTheUpstreamFailureFlag(@TempDir Path directory) throws Exception {
    Path log = directory.resolve("access.log");
    int closedPort = closedPort();
    String accessLog = accessLog(log, "");
    try (RunningProxy proxy = RunningProxy.start(
            Configs.bootstrap(Configs.allTo("backend"), accessLog, Configs.staticCluster("backend", closedPort)));
        RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.get("logged.example", "/fail?x=1").status()).isEqualTo(503);
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .matches("\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\] .*")
          .contains("\"GET /fail?x=1 HTTP/1.1\" 503 UF ")
          .contains("\"logged.example\"")
          .contains("\"127.0.0.1:" + closedPort + "\"");
    }
  }

  /** A connection's streams reuse one stream object: nothing of a request may show in the next one's line. */
  @Test
  void requestsOnOneConnectionEachLogOnlyTheirOwnOutcome(@TempDir Path directory) throws Exception {
    Path log = directory.resolve("access.log");
    int closedPort = closedPort();
    String accessLog = accessLog(log, """
        log_format:
          text_format: "%REQ(:PATH)% %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %UPSTREAM_HOST% %REQ(X-TAG)% %BYTES_RECEIVED%\\n"
        """);
    String routes = """
        - name: all
          domains: ["*"]
          routes:
          - match: {prefix: "/ok"}
            route: {cluster: live}
          - match: {prefix: "/dead"}
            route: {cluster: dead}
        """;
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.bootstrap(routes, accessLog,
            Configs.staticCluster("live", upstream.port()) + Configs.staticCluster("dead", closedPort)));
        RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.send("GET /dead HTTP/1.1\r\nHost: a\r\nX-Tag: one\r\n\r\n").read().status()).isEqualTo(503);
      assertThat(client.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
      assertThat(client.send("GET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(404);
      assertThat(client.send("POST /ok HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc").read().status())
          .isEqualTo(200);
      assertThat(client.send("GET /ok HTTP/1.1\r\nHost: a\r\nX-Tag: five\r\n\r\n").read().status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readAllLines(log).size() == 5);
      List<String> lines = Files.readAllLines(log);
      String live = "127.0.0.1:" + upstream.port();
      assertThat(lines).containsExactly(
          "/dead 503 UF upstream_reset_before_response_started{connection_failure} 127.0.0.1:" + closedPort + " one 0",
          "/ok 200 - via_upstream " + live + " - 0",
          "/nowhere 404 NR route_not_found - - 0",
          "/ok 200 - via_upstream " + live + " - 3",
          "/ok 200 - via_upstream " + live + " five 0");
    }
  }
}
