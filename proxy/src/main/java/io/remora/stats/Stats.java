package io.remora.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The process's stat store. Components create their stats once (at config time) through a
 * {@link Scope} and keep the returned objects; the hot path never looks a name up.
 */
public final class Stats {
  private final ConcurrentHashMap<String, Metric> metrics = new ConcurrentHashMap<>();
  /** The event loops' cells of this store's counters and gauges, indexed by {@link #nextId}. */
  private final ThreadCells cells = new ThreadCells();
  private final AtomicInteger nextId = new AtomicInteger();

  public Scope scope(String prefix) {
    return new Scope(this, prefix);
  }

  public Counter counter(String name) {
    return get(name, Counter.class, () -> new Counter(name, nextId.getAndIncrement(), cells));
  }

  public Gauge gauge(String name) {
    return get(name, Gauge.class, () -> new Gauge(name, nextId.getAndIncrement(), cells));
  }

  public Histogram histogram(String name, Histogram.Unit unit) {
    // No cell id: histograms keep no per-loop cells, and every id widens each loop's array.
    return get(name, Histogram.class, () -> new Histogram(name, unit));
  }

  /**
   * The stat {@code name}, made only if it is new (a counter or gauge takes the next cell id
   * then: ids index every loop's cells).
   */
  private <T extends Metric> T get(String name, Class<T> type, Supplier<T> factory) {
    Metric metric = metrics.get(name);
    if (metric == null) {
      metric = metrics.computeIfAbsent(name, ignored -> factory.get());
    }
    if (!type.isInstance(metric)) {
      throw new IllegalStateException(
          "stat '" + name + "' is a " + metric.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return type.cast(metric);
  }

  /** Every stat, sorted by name (admin output order). */
  public List<Metric> all() {
    List<Metric> list = new ArrayList<>(metrics.values());
    list.sort(Comparator.comparing(Metric::name));
    return list;
  }

  public Metric find(String name) {
    return metrics.get(name);
  }

  /** Admin's {@code /reset_counters}: counters to zero; gauges and histograms stay. */
  public void resetCounters() {
    for (Metric metric : metrics.values()) {
      if (metric instanceof Counter counter) {
        counter.reset();
      }
    }
  }
}
