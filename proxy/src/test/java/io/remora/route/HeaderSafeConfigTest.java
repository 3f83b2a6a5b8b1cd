package io.remora.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RunningProxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Config strings that Remora writes into a request line or a header are refused, with their
 * place, when they hold CR or LF: they would split the message (header injection).
 */
class HeaderSafeConfigTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{match: {prefix: \"/\"}, route: {cluster: a, host_rewrite_literal: \"h\\r\\nx-injected: 1\"}}",
      "{match: {prefix: \"/\"}, route: {cluster: a, prefix_rewrite: \"/p\\nq\"}}",
      "{match: {prefix: \"/\"}, redirect: {host_redirect: \"h\\r\\nx: 1\"}}",
      "{match: {prefix: \"/\"}, redirect: {path_redirect: \"/p\\r\"}}"})
  void crOrLfInARewriteOrRedirectIsAConfigError(String route) {
    String virtualHosts = """
        - name: vh
          domains: ["*"]
          routes:
          - %s
        """.formatted(route);
    String error = RunningProxy.configError(Configs.bootstrap(virtualHosts, "", Configs.staticCluster("a", 1)));
    assertThat(error).isNotNull().contains("test.yaml:").contains("must be a valid HTTP header value");
  }
}
