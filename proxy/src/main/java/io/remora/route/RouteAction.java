package io.remora.route;

import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.List;

/** What a matched route does: forward to a cluster, answer directly, or redirect. */
public sealed interface RouteAction {
  /** Forward upstream. {@code clusters} has one entry, or several with weights (canaries). */
  record Forward(
      List<WeightedCluster> clusters,
      long totalWeight,
      Duration timeout,
      String prefixRewrite,
      String hostRewriteLiteral,
      boolean autoHostRewrite,
      AsciiString timeoutMillisText)
      implements RouteAction {

    /** {@code timeoutMillisText} is derived: the timeout in ms as header text, made once. */
    public Forward(List<WeightedCluster> clusters, long totalWeight, Duration timeout, String prefixRewrite,
        String hostRewriteLiteral, boolean autoHostRewrite) {
      this(clusters, totalWeight, timeout, prefixRewrite, hostRewriteLiteral, autoHostRewrite,
          AsciiString.cached(Long.toString(timeout.toMillis())));
    }

    /** Picks a cluster for a random value in [0, totalWeight). */
    public String pickCluster(long random) {
      if (clusters.size() == 1) {
        return clusters.get(0).name();
      }
      long point = random;
      for (WeightedCluster cluster : clusters) {
        if (point < cluster.weight()) {
          return cluster.name();
        }
        point -= cluster.weight();
      }
      return clusters.get(clusters.size() - 1).name();
    }
  }

  record WeightedCluster(String name, long weight) {}

  /** {@code direct_response}: status and body (may be empty). */
  record DirectResponse(int status, String body) implements RouteAction {}

  /** {@code redirect}; null fields keep the request's own part. */
  record Redirect(
      String scheme,
      String host,
      int port,
      String path,
      int responseCode,
      boolean stripQuery)
      implements RouteAction {}
}
