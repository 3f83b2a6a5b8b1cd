package io.remora.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A distribution of values (milliseconds for Envoy's {@code *_time} stats). Each writing
 * thread (an event loop) records into its own single-writer HdrHistogram recorder, with no
 * atomic read-modify-write on the hot path; readers (admin) merge the recorders' intervals and
 * fold them into the cumulative view, as Envoy's {@code ParentHistogram} does. Threads past
 * {@link ThreadSlots#SLOTS} share one concurrent recorder.
 *
 * <p>Values below {@link #SMALL_VALUES} (request times in milliseconds mostly are) skip the
 * recorder: each thread counts them in its own array with plain stores, and readers fold what
 * grew since they last looked. A recorder's record is two locked increments (its
 * writer-reader phaser), ~1 % of the event loop's time at two histograms per request.
 *
 * <p>Values are kept to {@link #SIGNIFICANT_DIGITS} significant digits, the precision of
 * Envoy's own histograms (libcircllhist bins: two decimal digits of mantissa). Each
 * HdrHistogram's counts array is 256 longs at two digits against 2,048 at three, and a
 * histogram holds four of them (two in the recorder, the interval and the cumulative view):
 * ~8 KiB instead of ~64 KiB, times the dozen histograms of every cluster and listener.
 */
public final class Histogram implements Metric {
  /** Envoy's default quantiles for the text and JSON outputs. */
  public static final double[] QUANTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100};

  /** Values below this are counted per thread in a plain array (HdrHistogram holds them exactly too). */
  static final int SMALL_VALUES = 32;
  /** HdrHistogram's precision: as Envoy's (see above); values below 256 stay exact. */
  static final int SIGNIFICANT_DIGITS = 2;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final String name;
  private final Unit unit;
  /** Per slot: how often each small value was recorded; written only by the slot's thread. */
  private final AtomicReferenceArray<long[]> smallCounts = new AtomicReferenceArray<>(ThreadSlots.SLOTS);
  /** Per slot: the small counts already folded into {@link #cumulative}; readers only, under the lock. */
  private final long[][] smallFolded = new long[ThreadSlots.SLOTS][];
  private final AtomicReferenceArray<SingleWriterRecorder> perThread =
      new AtomicReferenceArray<>(ThreadSlots.SLOTS);
  private final Recorder shared = new Recorder(SIGNIFICANT_DIGITS);
  private final org.HdrHistogram.Histogram cumulative = new org.HdrHistogram.Histogram(SIGNIFICANT_DIGITS);
  private org.HdrHistogram.Histogram interval = new org.HdrHistogram.Histogram(SIGNIFICANT_DIGITS);

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
    if (clamped < SMALL_VALUES) {
      long[] counts = smallCounts.get(slot);
      if (counts == null) {
        counts = new long[SMALL_VALUES];
        smallCounts.set(slot, counts); // only this thread writes its slot
      }
      LONGS.setRelease(counts, (int) clamped, counts[(int) clamped] + 1);
      return;
    }
    SingleWriterRecorder recorder = perThread.get(slot);
    if (recorder == null) {
      recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
      perThread.set(slot, recorder); // only this thread writes its slot
    }
    recorder.recordValue(clamped);
  }

  /**
   * Moves what was recorded since the last call into the interval view and the cumulative
   * view. Called by readers only; synchronized because two admin requests may race.
   */
  public synchronized Snapshot snapshot() {
    org.HdrHistogram.Histogram fresh = new org.HdrHistogram.Histogram(SIGNIFICANT_DIGITS);
    for (int slot = 0; slot < perThread.length(); slot++) {
      SingleWriterRecorder recorder = perThread.get(slot);
      if (recorder != null) {
        fresh.add(recorder.getIntervalHistogram());
      }
    }
    fresh.add(shared.getIntervalHistogram());
    for (int slot = 0; slot < smallCounts.length(); slot++) {
      long[] counts = smallCounts.get(slot);
      if (counts == null) {
        continue;
      }
      if (smallFolded[slot] == null) {
        smallFolded[slot] = new long[SMALL_VALUES];
      }
      long[] folded = smallFolded[slot];
      for (int value = 0; value < SMALL_VALUES; value++) {
        long count = (long) LONGS.getAcquire(counts, value);
        if (count != folded[value]) {
          fresh.recordValueWithCount(value, count - folded[value]);
          folded[value] = count;
        }
      }
    }
    interval = fresh;
    cumulative.add(fresh);
    return new Snapshot(interval.copy(), cumulative.copy());
  }

  /** Admin's {@code /reset_counters} leaves histograms alone, as Envoy does. */
  public record Snapshot(org.HdrHistogram.Histogram interval, org.HdrHistogram.Histogram cumulative) {}
}
