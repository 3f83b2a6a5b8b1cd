package io.remora.internal;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's request timeouts, cheap to add and cancel: O(1) each, where Netty's
 * scheduler costs a heap insert and removal per request. Timeouts of the same duration are kept
 * in one FIFO lane, so each lane is in deadline order; a single Netty timer is armed at the
 * earliest lane head and re-armed when it fires. Use only on its event loop.
 */
public final class TimeoutQueue {
  private final EventLoop loop;
  private final Map<Long, Lane> lanes = new HashMap<>();
  /** The lane used last: most routes share one timeout, so this skips the map (and boxing). */
  private Lane lastLane;
  private ScheduledFuture<?> armed;
  private long armedDeadline = Long.MAX_VALUE;

  public TimeoutQueue(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Runs {@code timeout}'s task on the loop after {@code delayNanos}, unless cancelled first.
   * The timeout must not be pending; once it fired or was cancelled it may be scheduled again
   * (a filter reused per connection keeps one: no object per request).
   */
  public void schedule(Timeout timeout, long delayNanos) {
    schedule(timeout, delayNanos, System.nanoTime());
  }

  /** As {@link #schedule(Timeout, long)}, from {@code nowNanos}: a {@link System#nanoTime} the caller just read. */
  public void schedule(Timeout timeout, long delayNanos, long nowNanos) {
    if (timeout.pending()) {
      throw new IllegalStateException("timeout already pending");
    }
    Lane lane = lastLane;
    if (lane == null || lane.duration != delayNanos) {
      lane = lanes.computeIfAbsent(delayNanos, Lane::new); // boxes the key: only when the duration changes
      lastLane = lane;
    }
    timeout.deadline = nowNanos + delayNanos;
    timeout.lane = lane;
    lane.append(timeout);
    if (timeout.deadline < armedDeadline) {
      arm(timeout.deadline);
    }
  }

  private void arm(long deadline) {
    if (armed != null) {
      armed.cancel(false);
    }
    armedDeadline = deadline;
    armed = loop.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    armed = null;
    armedDeadline = Long.MAX_VALUE;
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    // A copy: a task may schedule a timeout of a new duration, which adds a lane.
    for (Lane lane : lanes.values().toArray(new Lane[0])) {
      Timeout head;
      while ((head = lane.head) != null && head.deadline <= now) {
        lane.remove(head);
        head.task.run();
      }
      if (lane.head != null) {
        next = Math.min(next, lane.head.deadline);
      }
    }
    if (next != Long.MAX_VALUE) {
      arm(next);
    }
  }

  /** A task to run after a delay, scheduled again and again; {@link #cancel()} is O(1) and idempotent. */
  public static final class Timeout {
    private final Runnable task;
    private long deadline;
    /** The lane it waits in while pending, else null. */
    private Lane lane;
    private Timeout previous;
    private Timeout next;

    public Timeout(Runnable task) {
      this.task = task;
    }

    /** Scheduled, and neither fired nor cancelled yet. */
    public boolean pending() {
      return lane != null;
    }

    public void cancel() {
      if (lane != null) {
        lane.remove(this);
      }
    }
  }

  /** Timeouts of one duration, oldest first. */
  private static final class Lane {
    private final long duration;
    private Timeout head;
    private Timeout tail;

    Lane(long duration) {
      this.duration = duration;
    }

    void append(Timeout timeout) {
      timeout.previous = tail;
      if (tail == null) {
        head = timeout;
      } else {
        tail.next = timeout;
      }
      tail = timeout;
    }

    void remove(Timeout timeout) {
      if (timeout.previous == null) {
        head = timeout.next;
      } else {
        timeout.previous.next = timeout.next;
      }
      if (timeout.next == null) {
        tail = timeout.previous;
      } else {
        timeout.next.previous = timeout.previous;
      }
      timeout.previous = null;
      timeout.next = null;
      timeout.lane = null;
    }
  }
}
