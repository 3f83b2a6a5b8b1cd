package io.remora.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Listeners on IPv6, several listeners in one process, each with its own stats, and the
 * accept queue's length.
 */
class ListenerAddressTest {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesOnIpv6Loopback() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("v6");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port())
            .replace("address: {socket_address: {address: 127.0.0.1, port_value: 0}}",
                "address: {socket_address: {address: \"::1\", port_value: 0}}"))) {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://[::1]:" + proxy.port() + "/x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("v6");
      assertThat(proxy.counter("listener.[__1]_0.downstream_cx_total")).isEqualTo(1);
    }
  }

  @Test
  void twoListenersInOneProcessCountSeparately() throws Exception {
    String one = Configs.httpProxy(0);
    int listenersAt = one.indexOf("  listeners:\n") + "  listeners:\n".length();
    int clustersAt = one.indexOf("  clusters:\n");
    String listener = one.substring(listenersAt, clustersAt);
    try (TestUpstream upstream = TestUpstream.named("both")) {
      String second = listener.replace("name: ingress", "name: second").replace("ingress_http", "second_http");
      String yaml = Configs.httpProxy(upstream.port());
      yaml = yaml.substring(0, yaml.indexOf("  clusters:\n")) + second + yaml.substring(yaml.indexOf("  clusters:\n"));
      try (RunningProxy proxy = RunningProxy.start(yaml)) {
        for (int index = 0; index < 2; index++) {
          HttpResponse<String> response = client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.listener(index).getPort() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(response.body()).isEqualTo("both");
        }
        assertThat(proxy.counter("http.ingress_http.downstream_rq_2xx")).isEqualTo(1);
        assertThat(proxy.counter("http.second_http.downstream_rq_2xx")).isEqualTo(1);
        assertThat(proxy.counter("cluster.backend.upstream_rq_200")).isEqualTo(2);
      }
    }
  }

  @Test
  void backlogIsTcpBacklogSizeElseSomaxconn() throws Exception {
    // Line by line: Files.readString trusts the size /proc reports and read "4" of "4096" here.
    int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
    String config = Configs.httpProxy(1);
    try (RunningProxy proxy = RunningProxy.start(config)) {
      assertThat(listenQueueLimit(proxy.port())).isEqualTo(somaxconn);
    }
    String withSize = config.replace("  - name: ingress\n", "  - name: ingress\n    tcp_backlog_size: 77\n");
    assertThat(withSize).isNotEqualTo(config);
    try (RunningProxy proxy = RunningProxy.start(withSize)) {
      assertThat(listenQueueLimit(proxy.port())).isEqualTo(77);
    }
  }

  /** The listening socket's accept-queue limit, as {@code ss -ltn} shows it (Send-Q). */
  private static int listenQueueLimit(int port) throws Exception {
    Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String[] columns = out.split("\\s+");
    assertThat(columns).as("ss output: %s", out).hasSizeGreaterThanOrEqualTo(4);
    return Integer.parseInt(columns[2]);
  }
}
