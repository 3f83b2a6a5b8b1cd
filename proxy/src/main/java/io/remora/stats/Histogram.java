package io.remora.stats;

import org.HdrHistogram.Recorder;

/**
 * A distribution of values (milliseconds for Envoy's {@code *_time} stats). Writers record
 * wait-free into an HdrHistogram {@link Recorder}; readers (admin, on the main thread) take
 * the interval since the last read and fold it into the cumulative view, as Envoy's
 * {@code ParentHistogram} does.
 */
public final class Histogram implements Metric {
  /** Envoy's default quantiles for the text and JSON outputs. */
  public static final double[] QUANTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100};

  private final String name;
  private final Unit unit;
  private final Recorder recorder = new Recorder(3);
  private final org.HdrHistogram.Histogram cumulative = new org.HdrHistogram.Histogram(3);
  // Taken from the recorder, so that the first snapshot() can hand it back for recycling.
  private org.HdrHistogram.Histogram interval = recorder.getIntervalHistogram();
  private org.HdrHistogram.Histogram recycle;

  /** What a histogram's values measure; Prometheus output and quantile labels use it. */
  public enum Unit {
    UNSPECIFIED,
    MILLISECONDS,
    MICROSECONDS,
    BYTES
  }

  Histogram(String name, Unit unit) {
    this.name = name;
    this.unit = unit;
  }

  @Override
  public String name() {
    return name;
  }

  public Unit unit() {
    return unit;
  }

  public void record(long value) {
    recorder.recordValue(Math.max(0, value));
  }

  /**
   * Moves what was recorded since the last call into the interval view and the cumulative
   * view. Called by readers only; synchronized because two admin requests may race.
   */
  public synchronized Snapshot snapshot() {
    org.HdrHistogram.Histogram fresh = recorder.getIntervalHistogram(recycle);
    recycle = interval;
    interval = fresh;
    cumulative.add(fresh);
    return new Snapshot(interval.copy(), cumulative.copy());
  }

  /** Admin's {@code /reset_counters} leaves histograms alone, as Envoy does. */
  public record Snapshot(org.HdrHistogram.Histogram interval, org.HdrHistogram.Histogram cumulative) {}
}
