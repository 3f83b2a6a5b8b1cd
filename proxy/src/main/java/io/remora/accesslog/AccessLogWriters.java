package io.remora.accesslog;

import static java.util.Objects.requireNonNull;

import io.remora.config.ConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access log files of one server: one writer thread per path, shared by every logger of that
 * path across config snapshots, so two listeners logging to the same file never interleave partial
 * lines. Owned by the server, which closes it at shutdown; closing flushes every file.
 */
public final class AccessLogWriters implements AutoCloseable {
  /** Lines a file may hold in its queue before new ones are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16 * 1024;
  /** Envoy's default {@code file_flush_interval}. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  private final int queueCapacity;
  private final long flushIntervalNanos;
  private final Map<String, LogFileWriter> writers = new HashMap<>();
  private boolean closed;

  private AccessLogWriters(int queueCapacity, Duration flushInterval) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
    }
    this.queueCapacity = queueCapacity;
    this.flushIntervalNanos = flushInterval.toNanos();
  }

  /** Writers with Envoy's defaults: flush every second, {@value #DEFAULT_QUEUE_CAPACITY} lines. */
  public static AccessLogWriters of() {
    return new AccessLogWriters(DEFAULT_QUEUE_CAPACITY, DEFAULT_FLUSH_INTERVAL);
  }

  public static AccessLogWriters of(int queueCapacity, Duration flushInterval) {
    return new AccessLogWriters(queueCapacity, requireNonNull(flushInterval, "flushInterval"));
  }

  /**
   * The writer of {@code path}, opened (and its thread started) on first use. Called at config
   * time, on the main thread.
   */
  synchronized LogFileWriter writer(String path) throws ConfigException {
    requireNonNull(path, "path");
    if (closed) {
      throw new IllegalStateException("access log writers are closed");
    }
    LogFileWriter writer = writers.get(path);
    if (writer == null) {
      try {
        writer = LogFileWriter.open(path, queueCapacity, flushIntervalNanos);
      } catch (IOException e) {
        throw new ConfigException("cannot open access log file '" + path + "': " + e.getMessage(), e);
      }
      writers.put(path, writer);
    }
    return writer;
  }

  /** Lines dropped so far, over all files, because a queue was full. */
  public synchronized long droppedLines() {
    long dropped = 0;
    for (LogFileWriter writer : writers.values()) {
      dropped += writer.dropped();
    }
    return dropped;
  }

  /** Flushes and closes every file; later log lines are dropped. */
  @Override
  public void close() {
    List<LogFileWriter> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(writers.values());
    }
    for (LogFileWriter writer : toClose) {
      writer.close();
    }
  }
}
