package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stats bumped in the event loops' own cells read exactly once the requests are answered, with
 * connections spread over both loops, and start again from zero after a counter reset.
 */
class StatsAcrossLoopsTest {
  private static final String GET = "GET /%d HTTP/1.1\r\nHost: test\r\n\r\n";

  private static void requests(RunningProxy proxy, int connections, int perConnection) throws Exception {
    List<RawHttp> clients = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        clients.add(RawHttp.connect(proxy.port())); // accepted round-robin onto the two loops
      }
      for (int i = 0; i < perConnection; i++) {
        for (RawHttp client : clients) {
          assertThat(client.send(GET.formatted(i)).read().status()).isEqualTo(200);
        }
      }
    } finally {
      for (RawHttp client : clients) {
        client.close();
      }
    }
  }

  /** Streams end (and leave the active gauge) just after their last byte is flushed: give them a moment. */
  private static void awaitZero(RunningProxy proxy, String gauge) throws InterruptedException {
    for (int i = 0; i < 200 && proxy.counter(gauge) != 0; i++) {
      Thread.sleep(10);
    }
    assertThat(proxy.counter(gauge)).as(gauge).isZero();
  }

  @Test
  void countersAndGaugesAreExactAfterRequestsFromSeveralConnections() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()))) {
      requests(proxy, 6, 25);
      assertThat(proxy.counter("http.ingress_http.downstream_rq_total")).isEqualTo(150);
      assertThat(proxy.counter("http.ingress_http.downstream_rq_completed")).isEqualTo(150);
      assertThat(proxy.counter("http.ingress_http.downstream_rq_2xx")).isEqualTo(150);
      awaitZero(proxy, "http.ingress_http.downstream_rq_active");
      assertThat(proxy.counter("http.ingress_http.downstream_cx_total")).isEqualTo(6);
      assertThat(proxy.counter("cluster.backend.upstream_rq_total")).isEqualTo(150);
      assertThat(proxy.counter("cluster.backend.upstream_rq_200")).isEqualTo(150);
      assertThat(proxy.counter("cluster.backend.upstream_rq_completed")).isEqualTo(150);
      assertThat(proxy.counter("cluster.backend.upstream_rq_active")).isZero();
      assertThat(proxy.counter("cluster.backend.upstream_rq_pending_active")).isZero();

      proxy.server().stats().resetCounters();
      assertThat(proxy.counter("http.ingress_http.downstream_rq_total")).isZero();
      requests(proxy, 3, 4);
      assertThat(proxy.counter("http.ingress_http.downstream_rq_total")).isEqualTo(12);
      assertThat(proxy.counter("cluster.backend.upstream_rq_200")).isEqualTo(12);
      awaitZero(proxy, "http.ingress_http.downstream_rq_active");
    }
  }
}
