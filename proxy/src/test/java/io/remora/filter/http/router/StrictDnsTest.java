package io.remora.filter.http.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import org.junit.jupiter.api.Test;

/** A STRICT_DNS cluster resolves its endpoint names before traffic and routes to what they resolve to. */
class StrictDnsTest {
  @Test
  void localhostV4OnlyReachesTheLoopbackUpstream() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("by-name")) {
      String cluster = """
          - name: backend
            connect_timeout: 1s
            type: STRICT_DNS
            dns_lookup_family: V4_ONLY
            load_assignment:
              cluster_name: backend
              endpoints:
              - lb_endpoints:
                - endpoint: {address: {socket_address: {address: localhost, port_value: %d}}}
          """.formatted(upstream.port());
      try (RunningProxy proxy = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"), "", cluster));
          RawHttp client = RawHttp.connect(proxy.port())) {
        RawHttp.Message response = client.get("test", "/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("by-name");
      }
    }
  }
}
