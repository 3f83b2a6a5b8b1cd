package io.remora.stats;

/** A name prefix in the stat store, e.g. {@code cluster.local_service.}. */
public final class Scope {
  private final Stats stats;
  private final String prefix;

  Scope(Stats stats, String prefix) {
    this.stats = stats;
    this.prefix = prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
  }

  public String prefix() {
    return prefix;
  }

  public Scope scope(String name) {
    return new Scope(stats, prefix + name);
  }

  public Counter counter(String name) {
    return stats.counter(prefix + name);
  }

  public Gauge gauge(String name) {
    return stats.gauge(prefix + name);
  }

  public Histogram histogram(String name, Histogram.Unit unit) {
    return stats.histogram(prefix + name, unit);
  }
}
