package io.remora.stats;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small per-thread index for per-thread stat cells: the first {@link #SLOTS} threads that
 * record get their own slot for the life of the process, later ones get -1 (the shared path).
 * Process-wide by nature (it names threads, not stats), so it is the one static in stats.
 */
final class ThreadSlots {
  /** Enough for the event loops of a large machine, plus admin and test threads. */
  static final int SLOTS = 64;

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final FastThreadLocal<Integer> SLOT = new FastThreadLocal<>() {
    @Override
    protected Integer initialValue() {
      int slot = NEXT.getAndIncrement();
      return slot < SLOTS ? slot : -1;
    }
  };

  private ThreadSlots() {}

  static int current() {
    return SLOT.get();
  }
}
