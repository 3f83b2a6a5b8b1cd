package io.remora.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Virtual host and route selection through a running proxy: every route answers directly with
 * its own name, so the body says which one matched.
 */
class RouteMatchingTest {
  private static RunningProxy proxy;
  private static RawHttp client;

  @BeforeAll
  static void start() throws Exception {
    String virtualHosts = """
        - name: exact
          domains: ["api.example.com"]
          routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: exact}}}]
        - name: suffix
          domains: ["*.example.com"]
          routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: suffix}}}]
        - name: longer-suffix
          domains: ["*.b.example.com"]
          routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: longer-suffix}}}]
        - name: prefix
          domains: ["api.*"]
          routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: prefix}}}]
        - name: ported
          domains: ["ported.example:8080"]
          routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: ported}}}]
        - name: fallback
          domains: ["*"]
          routes:
          - match: {path: "/exact"}
            direct_response: {status: 200, body: {inline_string: path}}
          - match: {safe_regex: {regex: "/r/[0-9]+"}}
            direct_response: {status: 200, body: {inline_string: regex}}
          - match: {prefix: "/case", case_sensitive: false}
            direct_response: {status: 200, body: {inline_string: case-insensitive}}
          - match: {prefix: "/h", headers: [{name: x-env, string_match: {exact: canary}}]}
            direct_response: {status: 200, body: {inline_string: header-exact}}
          - match: {prefix: "/h", headers: [{name: x-debug, present_match: true}]}
            direct_response: {status: 200, body: {inline_string: header-present}}
          - match: {prefix: "/h", headers: [{name: x-env, string_match: {exact: prod}, invert_match: true}]}
            direct_response: {status: 200, body: {inline_string: header-not-prod}}
          - match: {prefix: "/"}
            direct_response: {status: 200, body: {inline_string: default}}
        """;
    proxy = RunningProxy.start(Configs.bootstrap(virtualHosts, "", Configs.staticCluster("unused", 9)));
    client = RawHttp.connect(proxy.port());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    proxy.close();
  }

  @ParameterizedTest(name = "Host {0} -> {1}")
  @CsvSource({
      "api.example.com, exact",
      "API.Example.com, exact",
      "x.example.com, suffix",
      "api.x.example.com, suffix",
      "x.b.example.com, longer-suffix",
      "example.com, default",
      "api.other, prefix",
      "api.example.com:80, prefix",
      "ported.example:8080, ported",
      "ported.example, default"})
  void domainsByPrecedence(String host, String expected) throws Exception {
    assertThat(client.get(host, "/").bodyText()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/exact, path",
      "/exact?q=1, path",
      "/exact/more, default",
      "/r/123, regex",
      "/r/12a, default",
      "/r/1?q=x, regex",
      "/CASE/x, case-insensitive",
      "/Case, case-insensitive"})
  void pathMatchers(String path, String expected) throws Exception {
    assertThat(client.get("any", path).bodyText()).isEqualTo(expected);
  }

  @Test
  void headerMatchers() throws Exception {
    assertThat(withHeader("X-Env: canary")).isEqualTo("header-exact");
    assertThat(withHeader("X-Debug: ")).isEqualTo("header-present");
    assertThat(withHeader("X-Env: staging")).isEqualTo("header-not-prod");
    assertThat(withHeader("X-Env: prod")).isEqualTo("default");
    // Envoy: a value matcher never matches a missing header, inverted or not.
    assertThat(withHeader("X-Other: 1")).isEqualTo("default");
  }

  private static String withHeader(String header) throws Exception {
    return client.send("GET /h HTTP/1.1\r\nHost: any\r\n" + header + "\r\n\r\n").read().bodyText();
  }
}
