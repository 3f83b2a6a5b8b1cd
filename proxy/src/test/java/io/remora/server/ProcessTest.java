package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.TestUpstream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: a child JVM on Main, real sockets, SIGTERM to stop. */
class ProcessTest {
  private static final Duration START = Duration.ofSeconds(20);
  private static final Duration STOP = Duration.ofSeconds(10);
  private static final String LAB_BODY = "{\"dateOfBirth\":\"2020-03-01\"}";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @TempDir Path directory;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private ChildJvm start(String... args) throws IOException {
    ChildJvm child = ChildJvm.start(directory, args);
    toClose.add(child);
    return child;
  }

  @Test
  void proxyServesThenDrainsOnSigterm() throws Exception {
    TestUpstream upstream = TestUpstream.named("app");
    toClose.add(upstream);
    int port = ChildJvm.freePort();
    Path config = Cli.write(directory, "envoy.yaml", Configs.httpProxy(upstream.port())
        .replace("port_value: 0}", "port_value: " + port + "}"));
    ChildJvm proxy = start("proxy", "-c", config.toString(), "--drain-time-s", "1");
    proxy.awaitOutput("remora started", START);

    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("app");

    proxy.terminate();
    assertThat(proxy.awaitExit(STOP)).as(proxy.err()).isEqualTo(0);
    assertThat(proxy.err().lines().filter(line -> line.contains("stopping"))).hasSize(1)
        .first().asString().contains("remora stopping: draining for up to 1000 ms");
    assertThat(proxy.err()).doesNotContain("\tat ", "Exception");
  }

  @Test
  void invalidConfigExitsOneWithTheMessage() throws Exception {
    Path config = Cli.write(directory, "envoy.yaml", BrokenConfigTest.VALID.replace("port_value: 10000", "port: 10000"));
    ChildJvm proxy = start("proxy", "-c", config.toString());
    assertThat(proxy.awaitExit(START)).isEqualTo(1);
    assertThat(proxy.err()).startsWith(config + ":5:44: unknown field 'port' in envoy.config.core.v3.SocketAddress");
    assertThat(proxy.err()).doesNotContain("\tat ", "Exception");
    assertThat(proxy.out()).isEmpty();
  }

  @Test
  void portInUseExitsOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      Path config = Cli.write(directory, "envoy.yaml", Configs.httpProxy(9)
          .replace("port_value: 0}", "port_value: " + port + "}"));
      ChildJvm proxy = start("proxy", "-c", config.toString());
      assertThat(proxy.awaitExit(START)).as(proxy.err()).isEqualTo(1);
      assertThat(proxy.err()).contains("remora: cannot bind 127.0.0.1:" + port + ": Address already in use\n");
      assertThat(proxy.err()).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void demoRunsTheLabThenStops() throws Exception {
    int listener = ChildJvm.freePort();
    int admin = ChildJvm.freePort();
    int greeter = ChildJvm.freePort();
    ChildJvm demo = start("demo", "--listener-port", String.valueOf(listener), "--admin-port", String.valueOf(admin),
        "--greeter-port", String.valueOf(greeter));
    demo.awaitOutput("Press Ctrl-C to stop both.", START);
    assertThat(demo.out()).contains(
        "curl -XPOST --data '{\"dateOfBirth\":\"2020-01-25\"}' localhost:" + greeter + "/hello/abohmeed",
        "curl -XPOST --data '{\"dateOfBirth\":\"2020-01-25\"}' localhost:" + listener + "/hello/abohmeed",
        "curl localhost:" + admin + "/stats");

    assertThat(postHello(listener)).startsWith("{\"message\":\"Hello, abohmeed");

    demo.terminate();
    assertThat(demo.awaitExit(STOP)).as(demo.err()).isEqualTo(0);
  }

  @Test
  void greeterAnswersThenStops() throws Exception {
    int port = ChildJvm.freePort();
    ChildJvm greeter = start("greeter", "--port", String.valueOf(port), "--host", "127.0.0.1");
    greeter.awaitOutput("greeter: listening on 127.0.0.1:" + port, START);
    assertThat(postHello(port)).startsWith("{\"message\":\"Hello, abohmeed");
    greeter.terminate();
    assertThat(greeter.awaitExit(STOP)).as(greeter.err()).isEqualTo(0);
  }

  private String postHello(int port) throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello/abohmeed"))
            .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(LAB_BODY)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
