package io.remora.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

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
    return get(name, Counter.class, id -> new Counter(name, id, cells));
  }

  public Gauge gauge(String name) {
    return get(name, Gauge.class, id -> new Gauge(name, id, cells));
  }

  public Histogram histogram(String name, Histogram.Unit unit) {
    return get(name, Histogram.class, id -> new Histogram(name, unit));
  }

  /** The stat {@code name}, made (with the next cell id) only if it is new: ids index every loop's cells. */
  private <T extends Metric> T get(String name, Class<T> type, IntFunction<T> factory) {
    Metric metric = metrics.get(name);
    if (metric == null) {
      metric = metrics.computeIfAbsent(name, ignored -> factory.apply(nextId.getAndIncrement()));
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
