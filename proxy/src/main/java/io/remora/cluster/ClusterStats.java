package io.remora.cluster;

import io.remora.stats.Counter;
import io.remora.stats.Gauge;
import io.remora.stats.Histogram;
import io.remora.stats.Scope;

/** A cluster's stats under {@code cluster.<name>.}, with Envoy's names. */
public final class ClusterStats {
  public final Counter upstreamCxTotal;
  public final Gauge upstreamCxActive;
  public final Counter upstreamCxHttp1Total;
  public final Counter upstreamCxConnectFail;
  public final Counter upstreamCxConnectTimeout;
  public final Counter upstreamCxDestroy;
  public final Counter upstreamCxDestroyLocal;
  public final Counter upstreamCxDestroyRemote;
  public final Counter upstreamCxNoneHealthy;
  public final Counter upstreamCxTxBytesTotal;
  public final Counter upstreamCxRxBytesTotal;
  public final Counter upstreamRqTotal;
  public final Gauge upstreamRqActive;
  public final Counter upstreamRqCompleted;
  public final Counter upstreamRqTimeout;
  public final Counter upstreamRqPendingTotal;
  public final Gauge upstreamRqPendingActive;
  public final Counter upstreamRqRxReset;
  public final Counter upstreamRqTxReset;
  public final Counter upstreamRqMaxDurationReached;
  public final Counter membershipChange;
  public final Gauge membershipTotal;
  public final Gauge membershipHealthy;
  public final Gauge membershipDegraded;
  public final Counter updateAttempt;
  public final Counter updateSuccess;
  public final Counter updateFailure;
  public final Counter lbHealthyPanic;
  public final Histogram upstreamRqTime;
  public final Histogram upstreamCxConnectMs;
  public final Histogram upstreamCxLengthMs;
  private final Counter[] byClass = new Counter[6];
  private final Counter[] byCode = new Counter[600];
  private final Scope scope;

  public ClusterStats(Scope scope) {
    this.scope = scope;
    upstreamCxTotal = scope.counter("upstream_cx_total");
    upstreamCxActive = scope.gauge("upstream_cx_active");
    upstreamCxHttp1Total = scope.counter("upstream_cx_http1_total");
    upstreamCxConnectFail = scope.counter("upstream_cx_connect_fail");
    upstreamCxConnectTimeout = scope.counter("upstream_cx_connect_timeout");
    upstreamCxDestroy = scope.counter("upstream_cx_destroy");
    upstreamCxDestroyLocal = scope.counter("upstream_cx_destroy_local");
    upstreamCxDestroyRemote = scope.counter("upstream_cx_destroy_remote");
    upstreamCxNoneHealthy = scope.counter("upstream_cx_none_healthy");
    upstreamCxTxBytesTotal = scope.counter("upstream_cx_tx_bytes_total");
    upstreamCxRxBytesTotal = scope.counter("upstream_cx_rx_bytes_total");
    upstreamRqTotal = scope.counter("upstream_rq_total");
    upstreamRqActive = scope.gauge("upstream_rq_active");
    upstreamRqCompleted = scope.counter("upstream_rq_completed");
    upstreamRqTimeout = scope.counter("upstream_rq_timeout");
    upstreamRqPendingTotal = scope.counter("upstream_rq_pending_total");
    upstreamRqPendingActive = scope.gauge("upstream_rq_pending_active");
    upstreamRqRxReset = scope.counter("upstream_rq_rx_reset");
    upstreamRqTxReset = scope.counter("upstream_rq_tx_reset");
    upstreamRqMaxDurationReached = scope.counter("upstream_rq_max_duration_reached");
    membershipChange = scope.counter("membership_change");
    membershipTotal = scope.gauge("membership_total");
    membershipHealthy = scope.gauge("membership_healthy");
    membershipDegraded = scope.gauge("membership_degraded");
    updateAttempt = scope.counter("update_attempt");
    updateSuccess = scope.counter("update_success");
    updateFailure = scope.counter("update_failure");
    lbHealthyPanic = scope.counter("lb_healthy_panic");
    upstreamRqTime = scope.histogram("upstream_rq_time", Histogram.Unit.MILLISECONDS);
    upstreamCxConnectMs = scope.histogram("upstream_cx_connect_ms", Histogram.Unit.MILLISECONDS);
    upstreamCxLengthMs = scope.histogram("upstream_cx_length_ms", Histogram.Unit.MILLISECONDS);
  }

  /** Counts a response from upstream: {@code upstream_rq_<code>} and {@code upstream_rq_<N>xx}. */
  public void recordResponseCode(int code) {
    if (code < 100 || code >= 600) {
      return;
    }
    Counter exact = byCode[code];
    if (exact == null) {
      // Benign race: two loops may both create it; the store returns the same counter.
      exact = scope.counter("upstream_rq_" + code);
      byCode[code] = exact;
    }
    exact.inc();
    int klass = code / 100;
    Counter group = byClass[klass];
    if (group == null) {
      group = scope.counter("upstream_rq_" + klass + "xx");
      byClass[klass] = group;
    }
    group.inc();
  }
}
