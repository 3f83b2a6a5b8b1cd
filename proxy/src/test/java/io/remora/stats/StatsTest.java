package io.remora.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Counters and gauges kept in per-thread cells read exactly, whichever threads bumped them. */
class StatsTest {
  private static final int THREADS = 6;
  private static final int BUMPS = 100_000;

  /** Runs {@code work} on {@code THREADS} Netty-style threads at once and waits for them. */
  private static void onThreads(Runnable work) throws InterruptedException {
    DefaultThreadFactory factory = new DefaultThreadFactory("stats-test");
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread thread = factory.newThread(() -> {
        try {
          start.await();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        work.run();
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @Test
  void countersSumEveryThreadsCellsAndResetToZero() throws Exception {
    Stats stats = new Stats();
    Counter counter = stats.scope("http.x").counter("downstream_rq_total");
    Counter other = stats.counter("http.x.downstream_rq_2xx");
    assertThat(stats.counter("http.x.downstream_rq_total")).isSameAs(counter);
    onThreads(() -> {
      for (int i = 0; i < BUMPS; i++) {
        counter.inc();
        other.add(2);
      }
    });
    counter.inc(); // this thread too
    assertThat(counter.value()).isEqualTo(THREADS * BUMPS + 1L);
    assertThat(other.value()).isEqualTo(2L * THREADS * BUMPS);
    stats.resetCounters();
    assertThat(counter.value()).isZero();
    assertThat(other.value()).isZero();
    onThreads(counter::inc);
    assertThat(counter.value()).isEqualTo(THREADS);
  }

  @Test
  void gaugesGoUpAndDownAcrossThreadsAndCanBeSet() throws Exception {
    Stats stats = new Stats();
    Gauge active = stats.gauge("http.x.downstream_cx_active");
    onThreads(() -> {
      for (int i = 0; i < BUMPS; i++) {
        active.inc();
      }
      for (int i = 0; i < BUMPS - 1; i++) {
        active.dec();
      }
    });
    assertThat(active.value()).isEqualTo(THREADS);
    Gauge live = stats.gauge("server.live");
    live.set(1);
    assertThat(live.value()).isEqualTo(1);
    live.set(0);
    assertThat(live.value()).isZero();
    active.set(42);
    assertThat(active.value()).isEqualTo(42);
    stats.resetCounters(); // gauges stay
    assertThat(active.value()).isEqualTo(42);
  }

  @Test
  void manyStatsMadeAfterTheCellsGrewStillStartAtZero() throws Exception {
    Stats stats = new Stats();
    List<Counter> counters = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      counters.add(stats.counter("cluster.c" + i + ".upstream_rq_total"));
    }
    onThreads(() -> counters.forEach(Counter::inc));
    Counter late = stats.counter("cluster.late.upstream_rq_total");
    assertThat(late.value()).isZero();
    onThreads(late::inc);
    assertThat(late.value()).isEqualTo(THREADS);
    assertThat(counters).allSatisfy(counter -> assertThat(counter.value()).isEqualTo(THREADS));
  }

  @Test
  void histogramsCountSmallAndLargeValuesFromEveryThreadOnce() throws Exception {
    Histogram time = new Stats().histogram("http.x.downstream_rq_time", Histogram.Unit.MILLISECONDS);
    onThreads(() -> {
      for (int i = 0; i < 1000; i++) {
        time.record(i % 40); // 0-31 go to the per-thread counts, 32-39 to the recorders
      }
      time.record(-5); // clamped to 0
    });
    Histogram.Snapshot first = time.snapshot();
    assertThat(first.interval().getTotalCount()).isEqualTo(THREADS * 1001L);
    assertThat(first.cumulative().getCountAtValue(0)).isEqualTo(THREADS * 26L);
    assertThat(first.cumulative().getCountAtValue(31)).isEqualTo(THREADS * 25L);
    assertThat(first.cumulative().getCountAtValue(39)).isEqualTo(THREADS * 25L);
    assertThat(first.cumulative().getMaxValue()).isEqualTo(39);
    time.record(3);
    Histogram.Snapshot second = time.snapshot();
    assertThat(second.interval().getTotalCount()).isEqualTo(1);
    assertThat(second.cumulative().getTotalCount()).isEqualTo(THREADS * 1001L + 1);
    assertThat(time.snapshot().interval().getTotalCount()).isZero();
  }
}
