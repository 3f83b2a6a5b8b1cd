package io.remora.filter.http.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the router does with a matched route: rewrite, answer directly, redirect, split by weight. */
class RouteActionsTest {
  private TestUpstream a;
  private RawUpstream splitA;
  private RawUpstream splitB;
  private RunningProxy proxy;
  private RawHttp client;

  @BeforeEach
  void start() throws Exception {
    a = TestUpstream.named("a");
    splitA = RawUpstream.named("a");
    splitB = RawUpstream.named("b");
    String virtualHosts = """
        - name: all
          domains: ["*"]
          routes:
          - match: {prefix: "/old/"}
            route: {cluster: a, prefix_rewrite: "/new/"}
          - match: {prefix: "/host"}
            route: {cluster: a, host_rewrite_literal: rewritten.example}
          - match: {prefix: "/teapot"}
            direct_response: {status: 418, body: {inline_string: "short and stout"}}
          - match: {prefix: "/secure"}
            redirect: {https_redirect: true}
          - match: {prefix: "/elsewhere"}
            redirect: {host_redirect: new.example}
          - match: {prefix: "/moved"}
            redirect: {path_redirect: "/here", response_code: FOUND}
          - match: {prefix: "/bare"}
            redirect: {strip_query: true}
          - match: {prefix: "/split"}
            route:
              weighted_clusters:
                clusters:
                - {name: split_a, weight: 75}
                - {name: split_b, weight: 25}
        """;
    proxy = RunningProxy.start(Configs.bootstrap(virtualHosts, "",
        Configs.staticCluster("a", a.port()) + Configs.staticCluster("split_a", splitA.port())
            + Configs.staticCluster("split_b", splitB.port())));
    client = RawHttp.connect(proxy.port());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    proxy.close();
    a.close();
    splitA.close();
    splitB.close();
  }

  @Test
  void prefixRewriteKeepsTheRestAndTheQuery() throws Exception {
    RawHttp.Message response = client.get("test", "/old/thing?q=1");
    assertThat(response.header("x-seen-path")).isEqualTo("/new/thing?q=1");
    assertThat(response.header("x-seen-x-envoy-original-path")).isEqualTo("/old/thing?q=1");
  }

  @Test
  void hostRewriteLiteral() throws Exception {
    assertThat(client.get("test", "/host").header("x-seen-host")).isEqualTo("rewritten.example");
  }

  @Test
  void directResponseHasStatusBodyAndTextPlain() throws Exception {
    RawHttp.Message response = client.get("test", "/teapot");
    assertThat(response.status()).isEqualTo(418);
    assertThat(response.header("content-type")).isEqualTo("text/plain");
    assertThat(response.bodyText()).isEqualTo("short and stout");
  }

  @Test
  void redirectsBuildEnvoysLocation() throws Exception {
    RawHttp.Message secure = client.get("example.com", "/secure/x?b=1");
    assertThat(secure.status()).isEqualTo(301);
    assertThat(secure.header("location")).isEqualTo("https://example.com/secure/x?b=1");
    assertThat(client.get("example.com", "/elsewhere?b=1").header("location"))
        .isEqualTo("http://new.example/elsewhere?b=1");
    RawHttp.Message moved = client.get("example.com", "/moved/x?b=1");
    assertThat(moved.status()).isEqualTo(302);
    assertThat(moved.header("location")).isEqualTo("http://example.com/here?b=1");
    assertThat(client.get("example.com", "/bare?b=1").header("location")).isEqualTo("http://example.com/bare");
  }

  @Test
  void weightedClustersSplitRoughlyByWeight() throws Exception {
    int toA = 0;
    for (int i = 0; i < 1_000; i++) {
      if (client.get("test", "/split").bodyText().equals("a")) {
        toA++;
      }
    }
    // 750 expected; five standard deviations of a binomial(1000, 0.75) is about 68.
    assertThat(toA).isBetween(680, 820);
  }
}
