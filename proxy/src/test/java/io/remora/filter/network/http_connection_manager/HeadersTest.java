package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import org.junit.jupiter.api.Test;

/** The headers the connection manager and router add, remove and rewrite, in both directions. */
class HeadersTest {
  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @Test
  void requestLosesHopByHopHeadersAndGainsEnvoysOwn() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: keep-alive, x-hop\r\n"
          + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nUpgrade: foo\r\nX-Hop: 1\r\n"
          + "X-Custom: stays\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(200);
      for (String removed : new String[] {"connection", "keep-alive", "proxy-connection", "upgrade", "x-hop"}) {
        assertThat(response.header("x-seen-" + removed)).as(removed).isEqualTo("<none>");
      }
      assertThat(response.header("x-seen-x-custom")).isEqualTo("stays");
      assertThat(response.header("x-seen-x-forwarded-proto")).isEqualTo("http");
      assertThat(response.header("x-seen-x-request-id")).matches(UUID_V4);
      assertThat(response.header("x-seen-x-envoy-expected-rq-timeout-ms")).isEqualTo("15000");
      assertThat(response.header("x-envoy-upstream-service-time")).matches("\\d+");
      assertThat(response.header("date")).isNotBlank();

      RawHttp.Message second = client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Request-Id: mine-42\r\n\r\n").read();
      assertThat(second.header("x-seen-x-request-id")).isEqualTo("mine-42");
    }
  }

  @Test
  void responseLosesHopByHopHeadersAndTheServerBecomesEnvoy() throws Exception {
    try (RawUpstream upstream = hopByHopUpstream();
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(response.bodyText()).isEqualTo("ok");
      for (String removed : new String[] {"connection", "keep-alive", "proxy-connection", "upgrade", "x-hop"}) {
        assertThat(response.header(removed)).as(removed).isNull();
      }
      assertThat(response.headers().get("server")).containsExactly("envoy");
      assertThat(response.header("x-kept")).isEqualTo("yes");
    }
  }

  @Test
  void serverNameAndPassThrough() throws Exception {
    try (RawUpstream upstream = hopByHopUpstream();
        RunningProxy custom = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"),
            "server_name: custom", Configs.staticCluster("backend", upstream.port())));
        RunningProxy passThrough = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"),
            "server_header_transformation: PASS_THROUGH", Configs.staticCluster("backend", upstream.port())));
        RawHttp toCustom = RawHttp.connect(custom.port());
        RawHttp toPassThrough = RawHttp.connect(passThrough.port())) {
      assertThat(toCustom.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read().headers().get("server"))
          .containsExactly("custom");
      assertThat(toPassThrough.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read().headers().get("server"))
          .containsExactly("upstream/1.0");
    }
  }

  /** Answers every request with hop-by-hop headers, its own server name and an end-to-end header. */
  private static RawUpstream hopByHopUpstream() throws java.io.IOException {
    return RawUpstream.serving(connection -> {
      for (;;) {
        connection.readRequest();
        connection.send("HTTP/1.1 200 OK\r\nconnection: keep-alive, x-hop\r\nkeep-alive: timeout=5\r\n"
            + "proxy-connection: keep-alive\r\nupgrade: foo\r\nx-hop: 1\r\nx-kept: yes\r\nserver: upstream/1.0\r\n"
            + "content-length: 2\r\n\r\nok");
      }
    });
  }
}
