package io.remora.filter.network.http_connection_manager;

import io.remora.stats.Counter;
import io.remora.stats.Gauge;
import io.remora.stats.Histogram;
import io.remora.stats.Scope;

/** The connection manager's stats under {@code http.<stat_prefix>.}, with Envoy's names. */
final class HcmStats {
  final Counter downstreamCxTotal;
  final Gauge downstreamCxActive;
  final Counter downstreamCxHttp1Total;
  final Gauge downstreamCxHttp1Active;
  final Counter downstreamCxDestroy;
  final Counter downstreamCxDestroyRemote;
  final Counter downstreamCxDestroyLocal;
  final Counter downstreamCxDestroyActiveRq;
  final Counter downstreamCxProtocolError;
  final Counter downstreamCxRxBytesTotal;
  final Counter downstreamCxTxBytesTotal;
  final Histogram downstreamCxLengthMs;
  final Counter downstreamRqTotal;
  final Counter downstreamRqHttp1Total;
  final Gauge downstreamRqActive;
  final Counter downstreamRqCompleted;
  final Counter downstreamRqRxReset;
  final Counter downstreamRqTxReset;
  final Counter downstreamRqNonRelativePath;
  final Counter downstreamRqTooLarge;
  final Counter downstreamRqHeaderTimeout;
  final Counter[] downstreamRqByClass = new Counter[6];
  final Histogram downstreamRqTime;

  HcmStats(Scope scope) {
    downstreamCxTotal = scope.counter("downstream_cx_total");
    downstreamCxActive = scope.gauge("downstream_cx_active");
    downstreamCxHttp1Total = scope.counter("downstream_cx_http1_total");
    downstreamCxHttp1Active = scope.gauge("downstream_cx_http1_active");
    downstreamCxDestroy = scope.counter("downstream_cx_destroy");
    downstreamCxDestroyRemote = scope.counter("downstream_cx_destroy_remote");
    downstreamCxDestroyLocal = scope.counter("downstream_cx_destroy_local");
    downstreamCxDestroyActiveRq = scope.counter("downstream_cx_destroy_active_rq");
    downstreamCxProtocolError = scope.counter("downstream_cx_protocol_error");
    downstreamCxRxBytesTotal = scope.counter("downstream_cx_rx_bytes_total");
    downstreamCxTxBytesTotal = scope.counter("downstream_cx_tx_bytes_total");
    downstreamCxLengthMs = scope.histogram("downstream_cx_length_ms", Histogram.Unit.MILLISECONDS);
    downstreamRqTotal = scope.counter("downstream_rq_total");
    downstreamRqHttp1Total = scope.counter("downstream_rq_http1_total");
    downstreamRqActive = scope.gauge("downstream_rq_active");
    downstreamRqCompleted = scope.counter("downstream_rq_completed");
    downstreamRqRxReset = scope.counter("downstream_rq_rx_reset");
    downstreamRqTxReset = scope.counter("downstream_rq_tx_reset");
    downstreamRqNonRelativePath = scope.counter("downstream_rq_non_relative_path");
    downstreamRqTooLarge = scope.counter("downstream_rq_too_large");
    downstreamRqHeaderTimeout = scope.counter("downstream_rq_header_timeout");
    for (int klass = 1; klass <= 5; klass++) {
      downstreamRqByClass[klass] = scope.counter("downstream_rq_" + klass + "xx");
    }
    downstreamRqTime = scope.histogram("downstream_rq_time", Histogram.Unit.MILLISECONDS);
  }

  void recordResponseCode(int code) {
    int klass = code / 100;
    if (klass >= 1 && klass <= 5) {
      downstreamRqByClass[klass].inc();
    }
  }
}
