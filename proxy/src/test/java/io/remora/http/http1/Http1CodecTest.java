package io.remora.http.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remora's own HTTP/1.1 codec, on both sides of a running proxy: raw bytes in from a client
 * socket, what a raw upstream receives, what the client gets back.
 */
class Http1CodecTest {
  private final BlockingQueue<RawHttp.Message> seen = new ArrayBlockingQueue<>(16);
  private RawUpstream upstream;
  private RunningProxy proxy;

  private void start(String response) throws Exception {
    upstream = RawUpstream.serving(connection -> {
      for (;;) {
        seen.add(connection.readRequest());
        connection.send(response);
      }
    });
    proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private RawHttp.Message upstreamSaw() throws InterruptedException {
    RawHttp.Message request = seen.poll(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the upstream").isNotNull();
    return request;
  }

  @Test
  void requestArrivingOneByteAtATimeIsForwardedWithLowerCaseNames() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    String request = "\r\nGET /a?b=c HTTP/1.1\r\nHost: test\r\nX-Custom-Name:  spaced value \t\r\n"
        + "Accept: */*\r\nX-Empty:\r\nX-Latin: caf\u00e9\r\n\r\n";
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
        client.send(new byte[] {b});
      }
      RawHttp.Message response = client.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("ok");
    }
    RawHttp.Message forwarded = upstreamSaw();
    assertThat(forwarded.startLine()).isEqualTo("GET /a?b=c HTTP/1.1");
    assertThat(forwarded.header("x-custom-name")).isEqualTo("spaced value");
    assertThat(forwarded.header("x-empty")).isEmpty();
    assertThat(forwarded.header("x-latin")).isEqualTo("caf\u00e9");
    assertThat(forwarded.header("accept")).isEqualTo("*/*");
  }

  @Test
  void headerNamesLeaveInLowerCaseAsEnvoySendsThem() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
        try (Socket socket = raw.accept()) {
          StringBuilder text = new StringBuilder();
          InputStream in = socket.getInputStream();
          while (text.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
              break;
            }
            text.append((char) b);
          }
          socket.getOutputStream().write(
              "HTTP/1.1 200 OK\r\nX-Upstream-Header: Up\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          return text.toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      proxy = RunningProxy.start(Configs.httpProxy(raw.getLocalPort()));
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        client.send("GET / HTTP/1.1\r\nHost: test\r\nX-MiXeD-Case: v\r\n\r\n");
        assertThat(client.read().status()).isEqualTo(200);
      }
      String forwarded = head.get(10, TimeUnit.SECONDS);
      assertThat(forwarded).contains("\r\nx-mixed-case: v\r\n").contains("\r\nhost: test\r\n")
          .doesNotContain("X-MiXeD-Case");
    }
  }

  @Test
  void chunkedRequestWithExtensionsAndBareLineFeedsIsReframed() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /up HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;name=value\r\nhello\r\n1\n \n0\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);
    }
    RawHttp.Message forwarded = upstreamSaw();
    assertThat(forwarded.bodyText()).isEqualTo("hello ");
  }

  @Test
  void responseFramedByTheCloseReachesTheClientWhole() throws Exception {
    upstream = RawUpstream.serving(connection -> {
      connection.readRequest();
      connection.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
    });
    proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(response.bodyText()).isEqualTo("until the end");
    }
  }

  @Test
  void reasonPhraseIsTheStandardOneForTheCode() throws Exception {
    start("HTTP/1.1 404 Nope Not Here\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(response.startLine()).isEqualTo("HTTP/1.1 404 Not Found");
    }
  }

  @Test
  void malformedUpstreamResponseIsA503WithTheProtocolErrorFlag() throws Exception {
    start("HTTP/1.1 2xx Broken\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.bodyText()).startsWith("upstream connect error or disconnect/reset before headers.");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET / HTTP/1.1\r\nHost: test\r\nX-Folded: a\r\n b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: test\r\nX-Bare: a\rb\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: test\r\nX-Nul: a\u0000b\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nab",
      "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1a\r\n\r\nab",
      "GET  / HTTP/1.1\r\nHost: test\r\n\r\n",
      "GET /a b HTTP/1.1\r\nHost: test\r\n\r\n",
      "GET / HTTP/1.1x\r\nHost: test\r\n\r\n",
      "GET / HTTP/1.1\r\n: empty-name\r\n\r\n",
      "GET / HTTP/1.1\r\nHost : test\r\n\r\n",
      "GET /caf\u00e9 HTTP/1.1\r\nHost: test\r\n\r\n",
      "GET nonsense HTTP/1.1\r\nHost: test\r\n\r\n"})
  void malformedHeadsGet400BeforeAnythingGoesUpstream(String request) throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send(request).read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.bodyText()).isEqualTo("Bad Request");
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(client.closedByPeer()).isTrue();
    }
    assertThat(seen).isEmpty();
    assertThat(proxy.counter("http.ingress_http.downstream_cx_protocol_error")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5;a\rb\r\n", "5\rjunk\r\n", "5;\u0001\r\n"})
  void loneCarriageReturnOrControlInAChunkLineIsRefused(String chunkLine) throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
          + chunkLine + "hello\r\n0\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(client.closedByPeer()).isTrue();
    }
    RawHttp.Message forwarded = seen.poll(1, TimeUnit.SECONDS);
    assertThat(forwarded == null ? "" : forwarded.bodyText()).as("no body reached the upstream").isEmpty();
  }

  @Test
  void moreThanAHundredHeadersGet431() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: test\r\n");
    for (int i = 0; i < 100; i++) {
      request.append("x-h").append(i).append(": v\r\n");
    }
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send(request.append("\r\n").toString()).read();
      assertThat(response.status()).isEqualTo(431);
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void exactlyAHundredHeadersAndLeadingZerosInLengthsPass() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    StringBuilder request = new StringBuilder("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 0000000000000000005\r\n");
    for (int i = 0; i < 98; i++) {
      request.append("x-h").append(i).append(": v\r\n");
    }
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.send(request.append("\r\nhello").toString()).read().status()).isEqualTo(200);
    }
    assertThat(upstreamSaw().bodyText()).isEqualTo("hello");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POST / HTTP/1.1\r\nHost: test\r\nConnection: content-length\r\nContent-Length: 5\r\n\r\nhello",
      "POST / HTTP/1.1\r\nHost: test\r\nConnection: transfer-encoding, host\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n0\r\n\r\n"})
  void connectionCannotNameTheFramingOrHostAway(String request) throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.send(request).read().status()).isEqualTo(200);
    }
    RawHttp.Message forwarded = upstreamSaw();
    assertThat(forwarded.bodyText()).isEqualTo("hello");
    assertThat(forwarded.header("host")).isEqualTo("test");
  }

  @Test
  void absoluteFormTargetBecomesAPathAndItsAuthorityTheHost() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.send("GET http://example.com:8080/a?b HTTP/1.1\r\nHost: other\r\n\r\n").read().status())
          .isEqualTo(200);
    }
    RawHttp.Message forwarded = upstreamSaw();
    assertThat(forwarded.startLine()).isEqualTo("GET /a?b HTTP/1.1");
    assertThat(forwarded.header("host")).isEqualTo("example.com:8080");
  }

  @Test
  void http11RequestWithoutHostGets400() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nX-No-Host: 1\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.bodyText()).isEmpty();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void expectWithAnotherValueIsNotAContinueRequest() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("GET / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue, foo\r\n\r\n").read();
      assertThat(response.status()).as("no 100 Continue first").isEqualTo(200);
    }
  }

  @Test
  void transferCodingOtherThanChunkedGets501AsInEnvoy() throws Exception {
    start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message response = client.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(501);
      assertThat(response.bodyText()).isEqualTo("Not Implemented");
      assertThat(client.closedByPeer()).isTrue();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void badChunkSizeMidBodyEndsTheExchangeWith400() throws Exception {
    upstream = RawUpstream.serving(connection -> {
      while (!connection.closedByPeer()) {
        Thread.onSpinWait(); // takes whatever arrives until the proxy gives up the connection
      }
    });
    proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
      RawHttp.Message response = client.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(client.closedByPeer()).isTrue();
    }
    assertThat(proxy.counter("http.ingress_http.downstream_cx_protocol_error")).isEqualTo(1);
  }
}
