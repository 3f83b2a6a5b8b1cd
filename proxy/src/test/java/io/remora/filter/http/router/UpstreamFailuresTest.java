package io.remora.filter.http.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Envoy's local replies for each way an upstream can fail, byte for byte. */
class UpstreamFailuresTest {
  private static final String RESET_BEFORE_HEADERS =
      "upstream connect error or disconnect/reset before headers. reset reason: ";

  @Test
  void upstreamClosingWithoutAnAnswerIs503ConnectionTermination() throws Exception {
    try (RawUpstream upstream = RawUpstream.closingWithoutAnswer();
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.get("test", "/");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("content-type")).isEqualTo("text/plain");
      assertThat(response.bodyText()).isEqualTo(RESET_BEFORE_HEADERS + "connection termination");
      assertThat(proxy.counter("cluster.backend.upstream_rq_rx_reset")).isEqualTo(1);
    }
  }

  @Test
  void clusterWithoutEndpointsIs503NoHealthyUpstream() throws Exception {
    String empty = """
        - name: backend
          connect_timeout: 1s
          type: STATIC
          load_assignment: {cluster_name: backend}
        """;
    try (RunningProxy proxy = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"), "", empty));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.get("test", "/");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.bodyText()).isEqualTo("no healthy upstream");
      assertThat(proxy.counter("cluster.backend.upstream_cx_none_healthy")).isEqualTo(1);
    }
  }

  @Test
  void refusedConnectionIs503ConnectionFailure() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (RunningProxy proxy = RunningProxy.start(Configs.httpProxy(closedPort));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.get("test", "/");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.bodyText()).isEqualTo(RESET_BEFORE_HEADERS + "connection failure");
      assertThat(proxy.counter("cluster.backend.upstream_cx_connect_fail")).isEqualTo(1);
    }
  }

  @Test
  void routeTimeoutIs504AndCounted() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    try (TestUpstream upstream = TestUpstream.handling(exchange -> {
          try {
            released.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
        });
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy("timeout: 0.2s", "round_robin", upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      long start = System.nanoTime();
      RawHttp.Message response = client.get("test", "/");
      long millis = (System.nanoTime() - start) / 1_000_000;
      released.countDown();
      assertThat(response.status()).isEqualTo(504);
      assertThat(response.bodyText()).isEqualTo("upstream request timeout");
      assertThat(millis).isBetween(150L, 3_000L);
      assertThat(proxy.counter("cluster.backend.upstream_rq_timeout")).isEqualTo(1);
    }
  }

  /**
   * A stream that ended (504) while its connection attempt was still pending is not reused for
   * the connection's next request: the attempt's late failure must not answer that request.
   */
  @Test
  void aLateConnectFailureOfAnEndedStreamDoesNotAnswerTheNextRequest() throws Exception {
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Never accepted, and its accept queue filled: the proxy's SYNs are dropped, its connects hang.
      for (int i = 0; i < 4; i++) {
        SocketChannel filler = SocketChannel.open();
        filler.configureBlocking(false);
        filler.connect(blackhole.getLocalSocketAddress());
        fillers.add(filler);
      }
      String routes = """
          - name: all
            domains: ["*"]
            routes:
            - match: {prefix: "/fast"}
              route: {cluster: backend, timeout: 0.1s}
            - match: {prefix: "/slow"}
              route: {cluster: backend, timeout: 10s}
          """;
      String cluster = Configs.staticCluster("backend", blackhole.getLocalPort()).replace("connect_timeout: 1s", "connect_timeout: 2s");
      try (RunningProxy proxy = RunningProxy.start(Configs.bootstrap(routes, "", cluster));
          RawHttp client = RawHttp.connect(proxy.port())) {
        long start = System.nanoTime();
        assertThat(client.get("test", "/fast").status()).isEqualTo(504);
        Thread.sleep(1_000);
        long second = System.nanoTime();
        RawHttp.Message response = client.get("test", "/slow");
        long millis = (System.nanoTime() - second) / 1_000_000;
        // Its own connect timeout (2 s after it was sent), not the first's (~1 s after).
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyText()).isEqualTo(RESET_BEFORE_HEADERS + "connection timeout");
        assertThat(millis).as("ms from the second request to its answer (%d ms since the first)",
            (System.nanoTime() - start) / 1_000_000).isGreaterThan(1_600);
      }
    } finally {
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void unknownClusterIsAConfigErrorNamingIt() {
    String yaml = Configs.bootstrap(Configs.allTo("nope"), "", Configs.staticCluster("backend", 9));
    assertThat(RunningProxy.configError(yaml)).contains("unknown cluster 'nope'");
  }
}
