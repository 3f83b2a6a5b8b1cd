package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec reuses a connection's request and response objects, header maps and header bytes
 * from message to message: every header of a message must reach the other side as it came
 * (repeated, long, split across reads, pipelined), and nothing of one message may show in the
 * next.
 */
class HeaderReuseTest {
  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  /** Longer than any block the map keeps for its next message. */
  private static final String LONG_VALUE = "v".repeat(20_000);

  /**
   * An upstream that records every request it reads and answers {@code /many} with many
   * headers (repeated, long, unknown names) and anything else with none of its own.
   */
  private static RawUpstream recording(BlockingQueue<RawHttp.Message> requests) throws java.io.IOException {
    return RawUpstream.serving(connection -> {
      for (;;) {
        RawHttp.Message request = connection.readRequest();
        requests.add(request);
        if (request.startLine().startsWith("GET /many ")) {
          connection.send("HTTP/1.1 200 OK\r\nX-Response-One: 1\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
              + "X-Long-Response-Header-Name-Not-Known: " + LONG_VALUE + "\r\nContent-Length: 4\r\n\r\nmany");
        } else {
          connection.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nfew");
        }
      }
    });
  }

  private static RawHttp.Message next(BlockingQueue<RawHttp.Message> requests) throws InterruptedException {
    RawHttp.Message request = requests.poll(5, TimeUnit.SECONDS);
    assertThat(request).as("request seen upstream").isNotNull();
    return request;
  }

  @Test
  void theNextRequestAndResponseOnAConnectionCarryNoneOfTheLastOnesHeaders() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Message first = client.send("GET /many HTTP/1.1\r\nHost: test\r\nX-Dup: a\r\nX-A: 1\r\nx-dup: b\r\n"
          + "X-DUP: c\r\nX-Some-Header-Name-Nobody-Knows: unknown\r\nX-Long: " + LONG_VALUE + "\r\n"
          + "X-Empty:\r\nX-Spaces: \t padded value \t\r\n\r\n").read();
      RawHttp.Message firstUpstream = next(requests);
      assertThat(firstUpstream.headers().get("x-dup")).containsExactly("a", "b", "c");
      assertThat(firstUpstream.header("x-a")).isEqualTo("1");
      assertThat(firstUpstream.header("x-some-header-name-nobody-knows")).isEqualTo("unknown");
      assertThat(firstUpstream.header("x-long")).isEqualTo(LONG_VALUE);
      assertThat(firstUpstream.header("x-empty")).isEmpty();
      assertThat(firstUpstream.header("x-spaces")).isEqualTo("padded value");
      assertThat(firstUpstream.header("x-request-id")).matches(UUID_V4);
      assertThat(first.bodyText()).isEqualTo("many");
      assertThat(first.headers().get("set-cookie")).containsExactly("a=1", "b=2");
      assertThat(first.header("x-long-response-header-name-not-known")).isEqualTo(LONG_VALUE);

      for (int round = 0; round < 3; round++) {
        RawHttp.Message response = client.send("GET /few HTTP/1.1\r\nHost: other\r\nX-B: " + round + "\r\n\r\n").read();
        RawHttp.Message upstreamSaw = next(requests);
        assertThat(upstreamSaw.startLine()).isEqualTo("GET /few HTTP/1.1");
        assertThat(upstreamSaw.headers().keySet())
            .containsExactlyInAnyOrder("host", "x-b", "x-forwarded-proto", "x-request-id",
                "x-envoy-expected-rq-timeout-ms");
        assertThat(upstreamSaw.header("host")).isEqualTo("other");
        assertThat(upstreamSaw.header("x-b")).isEqualTo(Integer.toString(round));
        assertThat(upstreamSaw.header("x-request-id")).matches(UUID_V4)
            .isNotEqualTo(firstUpstream.header("x-request-id"));
        assertThat(response.bodyText()).isEqualTo("few");
        assertThat(response.headers().keySet())
            .containsExactlyInAnyOrder("content-length", "date", "server", "x-envoy-upstream-service-time");
      }
      // A client's own id goes through as it is, on the connection that generated ids before.
      client.send("GET /few HTTP/1.1\r\nHost: test\r\nX-Request-Id: mine-1\r\n\r\n").read();
      assertThat(next(requests).header("x-request-id")).isEqualTo("mine-1");
      client.send("GET /few HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(next(requests).header("x-request-id")).matches(UUID_V4);
    }
  }

  @Test
  void pipelinedRequestsEachKeepTheirOwnHeaders() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("GET /many HTTP/1.1\r\nHost: one\r\nX-One: 1\r\nX-Shared: first\r\n\r\n"
          + "GET /few HTTP/1.1\r\nHost: two\r\nX-Two: 2\r\n\r\n"
          + "GET /many HTTP/1.1\r\nHost: three\r\nX-Shared: third\r\nX-Shared: again\r\n\r\n");
      RawHttp.Message one = client.read();
      RawHttp.Message two = client.read();
      RawHttp.Message three = client.read();
      assertThat(List.of(one.bodyText(), two.bodyText(), three.bodyText())).containsExactly("many", "few", "many");
      assertThat(two.header("set-cookie")).isNull();
      assertThat(three.headers().get("set-cookie")).containsExactly("a=1", "b=2");

      RawHttp.Message upstreamOne = next(requests);
      RawHttp.Message upstreamTwo = next(requests);
      RawHttp.Message upstreamThree = next(requests);
      assertThat(upstreamOne.header("host")).isEqualTo("one");
      assertThat(upstreamOne.headers().get("x-shared")).containsExactly("first");
      assertThat(upstreamTwo.header("host")).isEqualTo("two");
      assertThat(upstreamTwo.header("x-two")).isEqualTo("2");
      assertThat(upstreamTwo.header("x-one")).isNull();
      assertThat(upstreamTwo.header("x-shared")).isNull();
      assertThat(upstreamThree.header("host")).isEqualTo("three");
      assertThat(upstreamThree.headers().get("x-shared")).containsExactly("third", "again");
      assertThat(upstreamThree.header("x-one")).isNull();
      assertThat(upstreamThree.header("x-two")).isNull();
    }
  }

  @Test
  void aHeaderBlockSplitAcrossReadsIsReadWhole() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp client = RawHttp.connect(proxy.port())) {
      for (String value : new String[] {LONG_VALUE, "short"}) {
        // Pieces cut in the middle of a name, a value and the blank line; a pause between them
        // lets each arrive on its own (the proxy must wait for the rest, however they arrive).
        String[] pieces = {"GET /few HTTP/1.1\r\nHo", "st: split\r\nX-Spl", "it: " + value + "\r\n\r", "\n"};
        for (String piece : pieces) {
          client.send(piece);
          Thread.sleep(20);
        }
        RawHttp.Message response = client.read();
        assertThat(response.bodyText()).isEqualTo("few");
        RawHttp.Message upstreamSaw = next(requests);
        assertThat(upstreamSaw.header("host")).isEqualTo("split");
        assertThat(upstreamSaw.header("x-split")).isEqualTo(value);
      }
    }
  }

  @Test
  void accessLogsReadEachRequestsOwnHeaders(@TempDir Path directory) throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    Path log = directory.resolve("access.log");
    String accessLog = """
        access_log:
        - name: envoy.access_loggers.file
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
            path: %s
            log_format:
              text_format_source:
                inline_string: "%%REQ(:AUTHORITY)%% %%REQ(X-A)%% %%RESP(X-RESPONSE-ONE)%% %%REQ(X-REQUEST-ID)%%\\n"
        """.formatted(log);
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(
            Configs.bootstrap(Configs.allTo("backend"), accessLog, Configs.staticCluster("backend", upstream.port())));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("GET /many HTTP/1.1\r\nHost: first\r\nX-A: 1\r\n\r\n").read();
      client.send("GET /few HTTP/1.1\r\nHost: second\r\n\r\n").read();
      String firstId = next(requests).header("x-request-id");
      String secondId = next(requests).header("x-request-id");
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
      assertThat(Files.readAllLines(log)).containsExactly("first 1 1 " + firstId, "second - - " + secondId);
    }
  }

  /**
   * A request without a body travels as one message that is also its end: a pipelined one
   * answered at once (a direct response) must not hand its end to the request behind it, which
   * may have a body of its own.
   */
  @Test
  void pipelinedDirectResponsesAndBodiesKeepEachRequestsOwnEnd() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    String virtualHosts = """
        - name: all
          domains: ["*"]
          routes:
          - match: {prefix: "/direct"}
            direct_response: {status: 200, body: {inline_string: "direct"}}
          - match: {prefix: "/"}
            route: {cluster: backend}
        """;
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(
            Configs.bootstrap(virtualHosts, "", Configs.staticCluster("backend", upstream.port())));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("GET /direct HTTP/1.1\r\nHost: a\r\n\r\n"
          + "POST /few HTTP/1.1\r\nHost: b\r\nContent-Length: 5\r\n\r\nhello"
          + "GET /direct HTTP/1.1\r\nHost: c\r\nContent-Length: 0\r\n\r\n"
          + "GET /direct HTTP/1.1\r\nHost: d\r\n\r\n"
          + "POST /few HTTP/1.1\r\nHost: e\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
          + "GET /few HTTP/1.1\r\nHost: f\r\n\r\n");
      List<String> bodies = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        RawHttp.Message response = client.read();
        assertThat(response.status()).isEqualTo(200);
        bodies.add(response.bodyText());
      }
      assertThat(bodies).containsExactly("direct", "few", "direct", "direct", "few", "few");
      RawHttp.Message post = next(requests);
      assertThat(post.startLine()).isEqualTo("POST /few HTTP/1.1");
      assertThat(post.bodyText()).isEqualTo("hello");
      RawHttp.Message chunked = next(requests);
      assertThat(chunked.header("host")).isEqualTo("e");
      assertThat(chunked.bodyText()).isEqualTo("abc");
      RawHttp.Message last = next(requests);
      assertThat(last.header("host")).isEqualTo("f");
      assertThat(last.body()).isEmpty();
    }
  }

  /**
   * A response object goes back to its upstream connection's codec when the downstream stream
   * that sent it on ends, and that connection then serves other clients: with clients taking
   * turns (some of them share an event loop, hence an upstream pool), none sees another's
   * response headers.
   */
  @Test
  void clientsTakingTurnsOnPooledUpstreamConnectionsSeeOnlyTheirOwnResponses() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()));
        RawHttp first = RawHttp.connect(proxy.port());
        RawHttp second = RawHttp.connect(proxy.port());
        RawHttp third = RawHttp.connect(proxy.port())) {
      RawHttp[] clients = {first, second, third};
      for (int round = 0; round < 12; round++) {
        RawHttp client = clients[round % clients.length];
        boolean many = round % 2 == 0;
        RawHttp.Message response = client.send("GET /" + (many ? "many" : "few") + " HTTP/1.1\r\nHost: test\r\n"
            + "X-Round: " + round + "\r\n\r\n").read();
        assertThat(response.bodyText()).isEqualTo(many ? "many" : "few");
        if (many) {
          assertThat(response.headers().get("set-cookie")).containsExactly("a=1", "b=2");
          assertThat(response.header("x-long-response-header-name-not-known")).isEqualTo(LONG_VALUE);
        } else {
          assertThat(response.headers().keySet())
              .containsExactlyInAnyOrder("content-length", "date", "server", "x-envoy-upstream-service-time");
        }
        assertThat(next(requests).headers().get("x-round")).containsExactly(Integer.toString(round));
      }
    }
  }

  /** With use_remote_address, x-forwarded-for gets the peer's address, appended to the client's own list. */
  @Test
  void forwardedForIsTheConnectionsPeerAppendedToEachRequestsOwnList() throws Exception {
    BlockingQueue<RawHttp.Message> requests = new LinkedBlockingQueue<>();
    try (RawUpstream upstream = recording(requests);
        RunningProxy proxy = RunningProxy.start(Configs.bootstrap(Configs.allTo("backend"),
            "use_remote_address: true", Configs.staticCluster("backend", upstream.port())));
        RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("GET /few HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(next(requests).headers().get("x-forwarded-for")).containsExactly("127.0.0.1");
      client.send("GET /few HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: 10.0.0.1, 10.0.0.2\r\n\r\n").read();
      assertThat(next(requests).headers().get("x-forwarded-for")).containsExactly("10.0.0.1, 10.0.0.2,127.0.0.1");
      client.send("GET /few HTTP/1.1\r\nHost: test\r\n\r\n").read();
      assertThat(next(requests).headers().get("x-forwarded-for")).containsExactly("127.0.0.1");
    }
  }

  /** A connection's stream keeps its last Host for routing: each request is still routed by its own. */
  @Test
  void eachRequestOnAConnectionIsRoutedByItsOwnHost() throws Exception {
    String virtualHosts = answering("one", "[\"one.example\"]") + answering("two", "[\"two.example\", \"*.wild.example\"]")
        + answering("other", "[\"*\"]");
    try (RunningProxy proxy = RunningProxy.start(Configs.bootstrap(virtualHosts, "", Configs.staticCluster("unused", 9)));
        RawHttp client = RawHttp.connect(proxy.port())) {
      List<String> answers = new java.util.ArrayList<>();
      for (String host : new String[] {"one.example", "one.example", "two.example", "TWO.Example", "a.wild.example",
          "one.example", "one.example:80", "elsewhere", "one.example"}) {
        answers.add(client.get(host, "/").bodyText());
      }
      assertThat(answers).containsExactly("one", "one", "two", "two", "two", "one", "other", "other", "one");
    }
  }

  /** A virtual host for {@code domains} (a YAML list) answering every path with 200 and its own name. */
  private static String answering(String name, String domains) {
    return """
        - name: %s
          domains: %s
          routes:
          - match: {prefix: "/"}
            direct_response: {status: 200, body: {inline_string: "%s"}}
        """.formatted(name, domains, name);
  }
}
