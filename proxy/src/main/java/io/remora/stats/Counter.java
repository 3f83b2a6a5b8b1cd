package io.remora.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonically increasing count. Bumping it is a plain store into the calling event loop's
 * own cell ({@link ThreadCells}); reading it sums the cells.
 */
public final class Counter implements Metric {
  private final String name;
  private final int id;
  private final ThreadCells cells;
  /** What threads without a cell of their own added. */
  private final AtomicLong shared = new AtomicLong();
  /** The sum at the last {@code /reset_counters}: the writers' cells are theirs alone, so a reset is an offset. */
  private volatile long resetAt;

  Counter(String name, int id, ThreadCells cells) {
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

  public void add(long amount) {
    if (!cells.add(id, amount)) {
      shared.addAndGet(amount);
    }
  }

  public long value() {
    return total() - resetAt;
  }

  private long total() {
    return cells.sum(id) + shared.get();
  }

  /** Admin's {@code /reset_counters}. */
  void reset() {
    resetAt = total();
  }
}
