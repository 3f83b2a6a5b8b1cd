package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Connection reuse, pipelining and message bodies through the connection manager, on raw sockets. */
class KeepAliveAndBodiesTest {
  private static final String GET = "GET %s HTTP/1.1\r\nHost: test\r\n\r\n";

  @Test
  void servesSeveralRequestsOnOneConnection() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Message response = client.send(GET.formatted("/" + i)).read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("a");
        assertThat(response.header("x-seen-path")).isEqualTo("/" + i);
        assertThat(response.header("connection")).isNull();
      }
      assertThat(proxy.counter("http.ingress_http.downstream_cx_total")).isEqualTo(1);
      assertThat(proxy.counter("http.ingress_http.downstream_rq_total")).isEqualTo(5);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send(GET.formatted("/first") + GET.formatted("/second") + GET.formatted("/third"));
      assertThat(client.read().header("x-seen-path")).isEqualTo("/first");
      assertThat(client.read().header("x-seen-path")).isEqualTo("/second");
      assertThat(client.read().header("x-seen-path")).isEqualTo("/third");
    }
  }

  @Test
  void connectionCloseFromTheClientClosesAfterTheResponse() throws Exception {
    try (TestUpstream upstream = TestUpstream.named("a");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(response.header("x-seen-connection")).isEqualTo("<none>");
      assertThat(client.closedByPeer()).isTrue();
    }
  }

  @Test
  void contentLengthAndChunkedRequestBodiesArriveIntact() throws Exception {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    try (TestUpstream upstream = TestUpstream.digesting();
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /sized HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n").send(body);
      RawHttp.Message sized = client.read();
      assertThat(sized.header("x-body-length")).isEqualTo(Integer.toString(body.length));
      assertThat(sized.header("x-body-sha256")).isEqualTo(TestUpstream.sha256Hex(body));

      client.send("POST /chunked HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n").send(chunked(body, 7_000));
      RawHttp.Message chunked = client.read();
      assertThat(chunked.header("x-body-length")).isEqualTo(Integer.toString(body.length));
      assertThat(chunked.header("x-body-sha256")).isEqualTo(TestUpstream.sha256Hex(body));
    }
  }

  @Test
  void chunkedAndSizedResponsesKeepTheirFraming() throws Exception {
    byte[] part = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    try (TestUpstream upstream = TestUpstream.handling(exchange -> {
          boolean streamed = exchange.getRequestURI().getPath().equals("/streamed");
          exchange.sendResponseHeaders(200, streamed ? 0 : part.length * 3L);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < 3; i++) {
            out.write(part);
            out.flush();
          }
        });
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message streamed = client.send(GET.formatted("/streamed")).read();
      assertThat(streamed.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(streamed.body()).hasSize(part.length * 3);
      RawHttp.Message sized = client.send(GET.formatted("/sized")).read();
      assertThat(sized.header("content-length")).isEqualTo(Integer.toString(part.length * 3));
      assertThat(sized.header("transfer-encoding")).isNull();
      assertThat(sized.body()).hasSize(part.length * 3);
    }
  }

  @Test
  void headResponseHasNoBodyAndTheConnectionStaysUsable() throws Exception {
    try (RawUpstream upstream = RawUpstream.serving(connection -> {
          for (;;) {
            RawHttp.Message request = connection.readRequest();
            boolean head = request.startLine().startsWith("HEAD");
            connection.send("HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n" + (head ? "" : "hello world"));
          }
        });
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message head = client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n").read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo("11");
      RawHttp.Message get = client.send(GET.formatted("/")).read();
      assertThat(get.bodyText()).isEqualTo("hello world");
    }
  }

  @Test
  void noContentHasNoBodyAndNoFraming() throws Exception {
    try (TestUpstream upstream = TestUpstream.handling(exchange -> exchange.sendResponseHeaders(204, -1));
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      for (int i = 0; i < 2; i++) {
        RawHttp.Message response = client.send(GET.formatted("/")).read();
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("transfer-encoding")).isNull();
        assertThat(response.header("content-length")).isNull();
      }
    }
  }

  /**
   * Trailers of a chunked response: dropped by default, as Envoy's HTTP/1 codec does, and
   * passed with {@code http_protocol_options.enable_trailers}; the body and the connection
   * are fine either way.
   */
  @Test
  void responseTrailersAreDroppedUnlessEnabled() throws Exception {
    for (boolean enabled : new boolean[] {false, true}) {
      try (RawUpstream upstream = RawUpstream.serving(connection -> {
            for (;;) {
              connection.readRequest();
              connection.send("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                  + "5\r\nhello\r\n6\r\n world\r\n0\r\nx-checksum: 42\r\n\r\n");
            }
          });
          RunningProxy proxy = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"),
              enabled ? "http_protocol_options: {enable_trailers: true}" : "",
              Configs.staticCluster("backend", upstream.port())));
          RawHttp client = RawHttp.connect(proxy.port())) {
        for (int i = 0; i < 2; i++) {
          RawHttp.Message response = client.send(GET.formatted("/")).read();
          assertThat(response.bodyText()).isEqualTo("hello world");
          assertThat(response.trailer("x-checksum")).isEqualTo(enabled ? "42" : null);
        }
      }
    }
  }

  @Test
  void answersExpectContinueItselfAndDoesNotForwardIt() throws Exception {
    try (TestUpstream upstream = TestUpstream.digesting();
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      RawHttp.Message interim = client.read();
      assertThat(interim.startLine()).isEqualTo("HTTP/1.1 100 Continue");
      RawHttp.Message response = client.send("hello").read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-body-length")).isEqualTo("5");
      assertThat(response.header("x-seen-expect")).isEqualTo("<none>");
    }
  }

  /** {@code body} in chunks of {@code size} bytes, with the last chunk. */
  static byte[] chunked(byte[] body, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int offset = 0; offset < body.length; offset += size) {
      int length = Math.min(size, body.length - offset);
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, offset, length);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
