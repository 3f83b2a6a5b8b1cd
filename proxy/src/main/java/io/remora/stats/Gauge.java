package io.remora.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A value that goes up and down (active connections, live flag). Increments and decrements go
 * into the calling event loop's own cell ({@link ThreadCells}); {@link #set} (used by gauges
 * that are only ever set, on the main thread) moves the base so that the sum is the new value.
 */
public final class Gauge implements Metric {
  private final String name;
  private final int id;
  private final ThreadCells cells;
  /** What was set, plus what threads without a cell of their own added. */
  private final AtomicLong base = new AtomicLong();

  Gauge(String name, int id, ThreadCells cells) {
    this.name = name;
    this.id = id;
    this.cells = cells;
  }

  @Override
  public String name() {
    return name;
  }

  public void inc() {
    add(1);
  }

  public void dec() {
    add(-1);
  }

  private void add(long delta) {
    if (!cells.add(id, delta)) {
      base.addAndGet(delta);
    }
  }

  public void set(long newValue) {
    base.set(newValue - cells.sum(id));
  }

  public long value() {
    return base.get() + cells.sum(id);
  }
}
