package io.remora.microbench;

import io.remora.stats.Counter;
import io.remora.stats.Histogram;
import io.remora.stats.Stats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Bumping stats on the hot path: one counter or histogram shared by one or two threads (two
 * event loops touching the same cluster's stats). Nothing here should allocate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class StatsBenchmark {
  private Counter counter;
  private Histogram histogram;

  /** Each thread's own stream of values, so that threads share only the stat. */
  @State(Scope.Thread)
  public static class Values {
    long next;
  }

  @Setup
  public void setUp() {
    Stats stats = new Stats();
    counter = stats.scope("cluster.backend").counter("upstream_rq_total");
    histogram = stats.scope("cluster.backend").histogram("upstream_rq_time", Histogram.Unit.MILLISECONDS);
  }

  @Benchmark
  @Threads(1)
  public void counterInc() {
    counter.inc();
  }

  @Benchmark
  @Threads(2)
  public void counterIncTwoThreads() {
    counter.inc();
  }

  @Benchmark
  @Threads(1)
  public void histogramRecord(Values values) {
    // Spread over many buckets, like request times in milliseconds.
    histogram.record(values.next++ & 1023);
  }

  @Benchmark
  @Threads(2)
  public void histogramRecordTwoThreads(Values values) {
    histogram.record(values.next++ & 1023);
  }
}
