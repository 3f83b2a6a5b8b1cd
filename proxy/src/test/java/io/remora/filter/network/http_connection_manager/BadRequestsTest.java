package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests Envoy's codec refuses: each gets Envoy's local reply and a closed connection, and the
 * proxy goes on serving new connections.
 */
class BadRequestsTest {
  private TestUpstream upstream;
  private RunningProxy proxy;

  @BeforeEach
  void start() throws Exception {
    upstream = TestUpstream.named("a");
    proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET\r\n\r\n",
      "BLAH / HTTP/1.1\r\nHost: test\r\n\r\n",
      "GET / HTTP/1.1 junk\r\nHost: test\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: test\r\nBad Header: x\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"})
  void malformedRequestsGet400AndAClose(String request) throws Exception {
    assertRefused(request, 400, "Bad Request");
    assertThat(upstream.requests()).as("only the request after").isEqualTo(1);
    assertThat(proxy.counter("http.ingress_http.downstream_cx_protocol_error")).isEqualTo(1);
  }

  @Test
  void headersOver60KibGet431() throws Exception {
    String big = "x".repeat(61 * 1024);
    assertRefused("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + big + "\r\n\r\n", 431, "Request Header Fields Too Large");
  }

  /** Envoy's max_headers_count default: 100 headers pass, a 101st gets 431 (the codec counts lines as it finds them). */
  @Test
  void moreThanAHundredHeadersGet431() throws Exception {
    StringBuilder hundred = new StringBuilder("GET / HTTP/1.1\r\nHost: test\r\n");
    for (int i = 1; i < 100; i++) {
      hundred.append("X-H").append(i).append(": ").append(i).append("\r\n");
    }
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.send(hundred + "\r\n").read().bodyText()).isEqualTo("a");
    }
    assertRefused(hundred + "X-One-Too-Many: 1\r\n\r\n", 431, "Request Header Fields Too Large");
  }

  @Test
  void http10GetsUpgradeRequired() throws Exception {
    RawHttp.Message response = assertRefused("GET / HTTP/1.0\r\nHost: test\r\n\r\n", 426, "Upgrade Required");
    assertThat(response.startLine()).isEqualTo("HTTP/1.1 426 Upgrade Required");
  }

  private RawHttp.Message assertRefused(String request, int status, String body) throws Exception {
    RawHttp.Message response;
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      response = client.send(request).read();
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.bodyText()).isEqualTo(body);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(client.closedByPeer()).isTrue();
    }
    try (RawHttp next = RawHttp.connect(proxy.port())) {
      assertThat(next.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read().bodyText()).isEqualTo("a");
    }
    return response;
  }
}
