package io.remora.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The per-thread cells of one stat store's counters and gauges (ARCHITECTURE section 5): each
 * writing thread with a {@link ThreadSlots} slot owns one array of longs, indexed by the stat's
 * id, that only it writes, with plain stores; readers sum a stat's cell over all threads. A
 * {@code LongAdder} or {@code AtomicLong} costs a locked read-modify-write per bump (about 15
 * per proxied request, ~2-3 % of the event loop's time at a 6-byte body); a release store
 * costs nothing more than a store. Threads without a slot fall back to an atomic per stat.
 */
final class ThreadCells {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int INITIAL_LENGTH = 64;

  /** One thread's cells. */
  private static final class Cells {
    /** Replaced (grown) only by the owning thread; readers may briefly see the old array, whose values are still right. */
    private volatile long[] values = new long[INITIAL_LENGTH];

    void add(int id, long delta) {
      long[] current = values;
      if (id >= current.length) {
        current = grow(current, id);
      }
      LONGS.setRelease(current, id, current[id] + delta);
    }

    private long[] grow(long[] current, int id) {
      long[] grown = new long[Math.max(current.length * 2, id + 1)];
      System.arraycopy(current, 0, grown, 0, current.length);
      values = grown;
      return grown;
    }

    long get(int id) {
      long[] current = values;
      return id < current.length ? (long) LONGS.getAcquire(current, id) : 0;
    }
  }

  private final AtomicReferenceArray<Cells> byThread = new AtomicReferenceArray<>(ThreadSlots.SLOTS);

  /**
   * Adds {@code delta} to stat {@code id} in the calling thread's cell; false if the thread has
   * no slot (the caller then uses its shared atomic).
   */
  boolean add(int id, long delta) {
    int slot = ThreadSlots.current();
    if (slot < 0) {
      return false;
    }
    Cells cells = byThread.get(slot);
    if (cells == null) {
      cells = new Cells();
      byThread.set(slot, cells); // only this thread writes its slot
    }
    cells.add(id, delta);
    return true;
  }

  /** The sum of stat {@code id} over every thread's cell. */
  long sum(int id) {
    long sum = 0;
    for (int slot = 0; slot < byThread.length(); slot++) {
      Cells cells = byThread.get(slot);
      if (cells != null) {
        sum += cells.get(id);
      }
    }
    return sum;
  }
}
