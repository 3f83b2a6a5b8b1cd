package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.TestUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through the proxy with bounded memory: 200 MiB each way through a proxy in a
 * child JVM with 64 MiB of heap and 64 MiB of direct memory, where aggregating a body would die.
 */
class StreamingMemoryTest {
  private static final long SIZE = 200L * 1024 * 1024;

  private TestUpstream upstream;
  private Process proxy;
  private int port;

  @BeforeEach
  void start(@TempDir Path directory) throws Exception {
    upstream = TestUpstream.handling(exchange -> {
      if (exchange.getRequestMethod().equals("POST")) {
        long received = TestUpstream.drain(exchange.getRequestBody());
        exchange.getResponseHeaders().set("x-body-length", Long.toString(received));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      TestUpstream.drain(exchange.getRequestBody());
      boolean large = exchange.getRequestURI().getPath().equals("/download");
      exchange.sendResponseHeaders(200, large ? 0 : -1);
      if (large) {
        OutputStream out = exchange.getResponseBody();
        byte[] block = new byte[64 * 1024];
        for (long sent = 0; sent < SIZE; sent += block.length) {
          out.write(block);
        }
      }
    });
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path config = directory.resolve("remora.yaml");
    Files.writeString(config, Configs.httpProxy(upstream.port()).replaceFirst("port_value: 0", "port_value: " + port));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    proxy = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
            "-cp", System.getProperty("java.class.path"),
            "io.remora.server.Main", "proxy", "-c", config.toString(), "--concurrency", "1"))
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("proxy.out").toFile())
        .start();
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
      try (RawHttp client = RawHttp.connect(port)) {
        return client.get("test", "/ready").status() == 200;
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
        proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    upstream.close();
  }

  @Test
  void uploadsAndDownloads200MibWithoutAggregating() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<Void> upload = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/upload"))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(SIZE)))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(upload.statusCode()).isEqualTo(200);
    assertThat(upload.headers().firstValue("x-body-length")).hasValue(Long.toString(SIZE));

    HttpResponse<InputStream> download = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/download"))
            .timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(download.statusCode()).isEqualTo(200);
    try (InputStream body = download.body()) {
      assertThat(TestUpstream.drain(body)).isEqualTo(SIZE);
    }
    assertThat(proxy.isAlive()).isTrue();
  }

  /** {@code size} zero bytes, made as they are read; no length is announced, so it goes chunked. */
  private static final class GeneratedStream extends InputStream {
    private long remaining;

    GeneratedStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(length, remaining);
      java.util.Arrays.fill(buffer, offset, offset + count, (byte) 0);
      remaining -= count;
      return count;
    }
  }
}
