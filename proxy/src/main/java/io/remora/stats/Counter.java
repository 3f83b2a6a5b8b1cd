package io.remora.stats;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count; bumping it is one uncontended add. */
public final class Counter implements Metric {
  private final String name;
  private final LongAdder value = new LongAdder();

  Counter(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  public void inc() {
    value.increment();
  }

  public void add(long amount) {
    value.add(amount);
  }

  public long value() {
    return value.sum();
  }

  /** Admin's {@code /reset_counters}. */
  void reset() {
    value.reset();
  }
}
