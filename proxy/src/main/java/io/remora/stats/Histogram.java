package io.remora.stats;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A distribution of values (milliseconds for Envoy's {@code *_time} stats). Each writing
 * thread (an event loop) records into its own single-writer HdrHistogram recorder, with no
 * atomic read-modify-write on the hot path; readers (admin) merge the recorders' intervals and
 * fold them into the cumulative view, as Envoy's {@code ParentHistogram} does. Threads past
 * {@link ThreadSlots#SLOTS} share one concurrent recorder.
 */
public final class Histogram implements Metric {
  /** Envoy's default quantiles for the text and JSON outputs. */
  public static final double[] QUANTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100};

  private final String name;
  private final Unit unit;
  private final AtomicReferenceArray<SingleWriterRecorder> perThread =
      new AtomicReferenceArray<>(ThreadSlots.SLOTS);
  private final Recorder shared = new Recorder(3);
  private final org.HdrHistogram.Histogram cumulative = new org.HdrHistogram.Histogram(3);
  private org.HdrHistogram.Histogram interval = new org.HdrHistogram.Histogram(3);

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
    long clamped = Math.max(0, value);
    int slot = ThreadSlots.current();
    if (slot < 0) {
      shared.recordValue(clamped);
      return;
    }
    SingleWriterRecorder recorder = perThread.get(slot);
    if (recorder == null) {
      recorder = new SingleWriterRecorder(3);
      perThread.set(slot, recorder); // only this thread writes its slot
    }
    recorder.recordValue(clamped);
  }

  /**
   * Moves what was recorded since the last call into the interval view and the cumulative
   * view. Called by readers only; synchronized because two admin requests may race.
   */
  public synchronized Snapshot snapshot() {
    org.HdrHistogram.Histogram fresh = new org.HdrHistogram.Histogram(3);
    for (int slot = 0; slot < perThread.length(); slot++) {
      SingleWriterRecorder recorder = perThread.get(slot);
      if (recorder != null) {
        fresh.add(recorder.getIntervalHistogram());
      }
    }
    fresh.add(shared.getIntervalHistogram());
    interval = fresh;
    cumulative.add(fresh);
    return new Snapshot(interval.copy(), cumulative.copy());
  }

  /** Admin's {@code /reset_counters} leaves histograms alone, as Envoy does. */
  public record Snapshot(org.HdrHistogram.Histogram interval, org.HdrHistogram.Histogram cumulative) {}
}
