package io.remora.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.greeter.Greeter;
import io.remora.testing.RunningProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed article's lab, end to end: the greeter behind Remora loaded from the lab's own v2
 * config (ports moved), driven by the real curl exactly as the article does.
 */
class SeedLabTest {
  /** The greeter's "today" for these tests: January 25th. */
  private static final Clock JANUARY_25 = Clock.fixed(Instant.parse("2026-01-25T12:00:00Z"), ZoneOffset.UTC);

  private Greeter greeter;
  private RunningProxy proxy;
  private int greeterPort;

  @BeforeEach
  void start() throws Exception {
    greeter = Greeter.start(new InetSocketAddress("127.0.0.1", 0), JANUARY_25);
    greeterPort = greeter.port();
    proxy = RunningProxy.start(labConfig(greeterPort));
  }

  @AfterEach
  void stop() {
    proxy.close();
    if (greeter != null) {
      greeter.close();
    }
  }

  /** The lab's envoy.yaml as the user has it, with only the three ports rewritten. */
  static String labConfig(int appPort) throws IOException {
    String yaml;
    try (InputStream in = SeedLabTest.class.getResourceAsStream("/lab/envoy.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(yaml).contains("port_value: 80\n", "port_value: 8080\n", "port_value: 8081\n");
    return yaml.replace("address: 0.0.0.0", "address: 127.0.0.1")
        .replace("port_value: 80\n", "port_value: 0\n")
        .replace("port_value: 8081\n", "port_value: 0\n")
        .replace("port_value: 8080\n", "port_value: " + appPort + "\n");
  }

  @Test
  void greetsThroughTheSidecarAsDirectly() throws Exception {
    String direct = curl("-XPOST", "--data", "{\"dateOfBirth\":\"2020-03-01\"}",
        "127.0.0.1:" + greeterPort + "/hello/abohmeed");
    String proxied = curl("-XPOST", "--data", "{\"dateOfBirth\":\"2020-03-01\"}",
        "127.0.0.1:" + proxy.port() + "/hello/abohmeed");
    assertThat(proxied).isEqualTo(direct).isEqualTo("{\"message\":\"Hello, abohmeed\"}");
  }

  @Test
  void birthdayGreetingThroughTheSidecar() throws Exception {
    String proxied = curl("-XPOST", "--data", "{\"dateOfBirth\":\"2020-01-25\"}",
        "127.0.0.1:" + proxy.port() + "/hello/abohmeed");
    assertThat(proxied).isEqualTo("{\"message\":\"Hello, abohmeed! Happy birthday\"}");
  }

  @Test
  void appDownGives503AtOnceThenRecovers() throws Exception {
    greeter.close();
    greeter = null;
    long start = System.nanoTime();
    String response = curl("-i", "-XPOST", "--data", "{\"dateOfBirth\":\"2020-01-25\"}",
        "127.0.0.1:" + proxy.port() + "/hello/abohmeed");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable");
    assertThat(response).endsWith(
        "\r\n\r\nupstream connect error or disconnect/reset before headers. reset reason: connection failure");
    // The lab's connect_timeout is 0.25 s: a refused connection must not wait for it.
    assertThat(millis).isLessThan(250);
    assertThat(proxy.counter("cluster.local_service.upstream_cx_connect_fail")).isEqualTo(1);

    greeter = Greeter.start(new InetSocketAddress("127.0.0.1", greeterPort), JANUARY_25);
    String back = curl("-XPOST", "--data", "{\"dateOfBirth\":\"2020-01-25\"}",
        "127.0.0.1:" + proxy.port() + "/hello/abohmeed");
    assertThat(back).isEqualTo("{\"message\":\"Hello, abohmeed! Happy birthday\"}");
  }

  @Test
  void pathsOutsideHelloAreNotRouted() throws Exception {
    String response = curl("-i", "127.0.0.1:" + proxy.port() + "/other");
    assertThat(response).startsWith("HTTP/1.1 404 Not Found");
    assertThat(proxy.counter("http.ingress_http.no_route")).isEqualTo(1);
  }

  /** Runs the real curl; returns what it printed. */
  static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
