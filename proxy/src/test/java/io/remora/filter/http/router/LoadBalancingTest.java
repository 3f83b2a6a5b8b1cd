package io.remora.filter.http.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round robin across real upstreams, with equal and unequal endpoint weights. */
class LoadBalancingTest {
  @Test
  void roundRobinSpreadsEvenly() throws Exception {
    try (RawUpstream a = RawUpstream.named("a");
        RawUpstream b = RawUpstream.named("b");
        RawUpstream c = RawUpstream.named("c");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(a.port(), b.port(), c.port()))) {
      Map<String, Integer> counts = count(proxy, 3_000);
      assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b", "c");
      counts.values().forEach(count -> assertThat(count).isBetween(970, 1_030));
    }
  }

  @Test
  void endpointWeightsAreRespected() throws Exception {
    try (RawUpstream a = RawUpstream.named("a");
        RawUpstream b = RawUpstream.named("b");
        RawUpstream c = RawUpstream.named("c")) {
      String cluster = """
          - name: backend
            connect_timeout: 1s
            type: STATIC
            lb_policy: ROUND_ROBIN
            load_assignment:
              cluster_name: backend
              endpoints:
              - lb_endpoints:
                - {endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}, load_balancing_weight: 1}
                - {endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}, load_balancing_weight: 2}
                - {endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}, load_balancing_weight: 3}
          """.formatted(a.port(), b.port(), c.port());
      try (RunningProxy proxy = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"), "", cluster))) {
        Map<String, Integer> counts = count(proxy, 3_000);
        assertThat(counts.get("a")).isBetween(490, 510);
        assertThat(counts.get("b")).isBetween(980, 1_020);
        assertThat(counts.get("c")).isBetween(1_470, 1_530);
      }
    }
  }

  /** Sends {@code requests} GETs on one keep-alive connection; counts answers by upstream name. */
  private static Map<String, Integer> count(RunningProxy proxy, int requests) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      for (int i = 0; i < requests; i++) {
        counts.merge(client.get("test", "/").bodyText(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
