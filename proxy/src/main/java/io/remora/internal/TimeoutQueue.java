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

  /** Runs {@code task} on the loop after {@code delayNanos}, unless cancelled first. */
  public Timeout schedule(long delayNanos, Runnable task) {
    Lane lane = lastLane;
    if (lane == null || lane.duration != delayNanos) {
      lane = lanes.computeIfAbsent(delayNanos, Lane::new); // boxes the key: only when the duration changes
      lastLane = lane;
    }
    Timeout timeout = new Timeout(System.nanoTime() + delayNanos, task, lane);
    lane.append(timeout);
    if (timeout.deadline < armedDeadline) {
      arm(timeout.deadline);
    }
    return timeout;
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

  /** A pending timeout; {@link #cancel()} is O(1) and idempotent. */
  public static final class Timeout {
    private final long deadline;
    private final Runnable task;
    private Lane lane;
    private Timeout previous;
    private Timeout next;

    private Timeout(long deadline, Runnable task, Lane lane) {
      this.deadline = deadline;
      this.task = task;
      this.lane = lane;
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
