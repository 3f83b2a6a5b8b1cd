package io.remora.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's stat store. Components create their stats once (at config time) through a
 * {@link Scope} and keep the returned objects; the hot path never looks a name up.
 */
public final class Stats {
  private final ConcurrentHashMap<String, Metric> metrics = new ConcurrentHashMap<>();

  public Scope scope(String prefix) {
    return new Scope(this, prefix);
  }

  public Counter counter(String name) {
    return get(name, Counter.class, new Counter(name));
  }

  public Gauge gauge(String name) {
    return get(name, Gauge.class, new Gauge(name));
  }

  public Histogram histogram(String name, Histogram.Unit unit) {
    return get(name, Histogram.class, new Histogram(name, unit));
  }

  private <T extends Metric> T get(String name, Class<T> type, T fresh) {
    Metric existing = metrics.putIfAbsent(name, fresh);
    Metric metric = existing == null ? fresh : existing;
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
