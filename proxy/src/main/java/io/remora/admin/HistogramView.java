package io.remora.admin;

import io.remora.stats.Histogram;

/**
 * One read of a histogram, in the numbers admin prints: Envoy's quantiles over the interval
 * (since the previous read) and over all time, and the cumulative Prometheus buckets.
 */
record HistogramView(double[] intervalQuantiles, double[] cumulativeQuantiles, long[] bucketCounts, long count,
    double sum) {
  /** Envoy's default histogram bucket bounds (milliseconds for the {@code *_ms}/{@code *_time} stats). */
  static final double[] BUCKETS = {
      0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
      3600000};

  /** Takes the histogram's interval since the last read; admin reads are its only readers. */
  static HistogramView read(Histogram histogram) {
    Histogram.Snapshot snapshot = histogram.snapshot();
    org.HdrHistogram.Histogram cumulative = snapshot.cumulative();
    long[] buckets = new long[BUCKETS.length];
    for (int i = 0; i < BUCKETS.length; i++) {
      buckets[i] = cumulative.getTotalCount() == 0 ? 0 : cumulative.getCountBetweenValues(0, (long) BUCKETS[i]);
    }
    long count = cumulative.getTotalCount();
    return new HistogramView(quantiles(snapshot.interval()), quantiles(cumulative), buckets, count,
        count == 0 ? 0 : cumulative.getMean() * count);
  }

  /** Whether anything was ever recorded (Envoy's "used"). */
  boolean used() {
    return count > 0;
  }

  private static double[] quantiles(org.HdrHistogram.Histogram values) {
    double[] out = new double[Histogram.QUANTILES.length];
    for (int i = 0; i < out.length; i++) {
      double quantile = Histogram.QUANTILES[i];
      if (values.getTotalCount() == 0) {
        out[i] = Double.NaN;
      } else if (quantile == 0) {
        out[i] = values.getMinValue();
      } else if (quantile == 100) {
        out[i] = values.getMaxValue();
      } else {
        out[i] = values.getValueAtPercentile(quantile);
      }
    }
    return out;
  }
}
