package io.remora.filter.http.router;

import io.remora.stats.Counter;
import io.remora.stats.Scope;

/** The router's stats under {@code http.<stat_prefix>.}, as Envoy names them. */
final class RouterStats {
  final Counter noRoute;
  final Counter noCluster;
  final Counter rqRedirect;
  final Counter rqDirectResponse;
  final Counter rqTotal;
  final Counter rqResetAfterDownstreamResponseStarted;

  RouterStats(Scope scope) {
    noRoute = scope.counter("no_route");
    noCluster = scope.counter("no_cluster");
    rqRedirect = scope.counter("rq_redirect");
    rqDirectResponse = scope.counter("rq_direct_response");
    rqTotal = scope.counter("rq_total");
    rqResetAfterDownstreamResponseStarted = scope.counter("rq_reset_after_downstream_response_started");
  }
}
