package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
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
  @Test
  void oneRequestIsOneLineWithTheUpstreamFailureFlag(@TempDir Path directory) throws Exception {
    Path log = directory.resolve("access.log");
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    String accessLog = """
        access_log:
        - name: envoy.access_loggers.file
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
            path: %s
        """.formatted(log);
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
}
