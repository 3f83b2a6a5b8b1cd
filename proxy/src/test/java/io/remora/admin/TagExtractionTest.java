package io.remora.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.admin.TagExtraction.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envoy's default tag extraction on the names Remora's components create. */
class TagExtractionTest {
  @Test
  void responseCodeAndClusterName() {
    assertThat(TagExtraction.extract("cluster.backend.upstream_rq_200")).isEqualTo(new TagExtraction.Extracted(
        "cluster.upstream_rq",
        List.of(new Tag("envoy.response_code", "200"), new Tag("envoy.cluster_name", "backend"))));
  }

  @Test
  void responseCodeClassKeepsTheXx() {
    assertThat(TagExtraction.extract("http.ingress_http.downstream_rq_5xx")).isEqualTo(new TagExtraction.Extracted(
        "http.downstream_rq_xx",
        List.of(new Tag("envoy.response_code_class", "5"), new Tag("envoy.http_conn_manager_prefix", "ingress_http"))));
  }

  @Test
  void listenerAddressesIpv4AndIpv6() {
    assertThat(TagExtraction.extract("listener.0.0.0.0_80.downstream_cx_total")).isEqualTo(
        new TagExtraction.Extracted("listener.downstream_cx_total",
            List.of(new Tag("envoy.listener_address", "0.0.0.0_80"))));
    assertThat(TagExtraction.extract("listener.[__1]_8080.downstream_cx_active").tags())
        .containsExactly(new Tag("envoy.listener_address", "[__1]_8080"));
  }

  @Test
  void namesWithoutTagsStayWhole() {
    assertThat(TagExtraction.extract("server.live")).isEqualTo(new TagExtraction.Extracted("server.live", List.of()));
    assertThat(TagExtraction.extract("cluster.backend.upstream_rq_time").name()).isEqualTo("cluster.upstream_rq_time");
  }

  @Test
  void prometheusNamesAreSanitized() {
    assertThat(PrometheusFormat.sanitize("envoy.cluster_name")).isEqualTo("envoy_cluster_name");
    assertThat(PrometheusFormat.sanitize("a-b:c")).isEqualTo("a_b_c");
  }
}
