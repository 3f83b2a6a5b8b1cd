/** Counters, gauges and histograms under Envoy's stat names, cheap to bump on the hot path. */
package io.remora.stats;
