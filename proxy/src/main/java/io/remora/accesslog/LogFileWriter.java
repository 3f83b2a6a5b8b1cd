package io.remora.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access log file and the thread that writes it. Event loops {@link #write} formatted lines
 * into a bounded queue and return at once; when the queue is full the line is dropped and counted.
 * The writer thread buffers lines, writes whole lines when 64 KiB are pending, and flushes what it
 * holds at most one flush interval after it arrived, and on {@link #close}: Envoy's file_flush
 * behaviour.
 */
final class LogFileWriter {
  private static final Logger logger = LoggerFactory.getLogger(LogFileWriter.class);
  private static final int WRITE_SIZE = 64 * 1024;
  private static final int BATCH = 1024;
  /** Wakes the writer to close; compared by identity. */
  private static final String CLOSE = new String("close");

  private final String path;
  private final OutputStream out;
  private final boolean ownsStream;
  private final BlockingQueue<String> queue;
  private final long flushIntervalNanos;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder writeFailed = new LongAdder();
  private final Thread thread;
  private volatile boolean closed;

  private LogFileWriter(
      String path, OutputStream out, boolean ownsStream, int queueCapacity, long flushIntervalNanos) {
    this.path = path;
    this.out = out;
    this.ownsStream = ownsStream;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.flushIntervalNanos = flushIntervalNanos;
    this.thread = new Thread(this::run, "access-log-writer " + path);
    thread.setDaemon(true);
  }

  /**
   * Opens {@code path} for appending (creating it), or the process's own stdout/stderr for {@code
   * /dev/stdout} and {@code /dev/stderr}, and starts its writer thread.
   */
  static LogFileWriter open(String path, int queueCapacity, long flushIntervalNanos)
      throws IOException {
    OutputStream out;
    boolean ownsStream = false;
    switch (path) {
      case "/dev/stdout":
        out = new FileOutputStream(FileDescriptor.out);
        break;
      case "/dev/stderr":
        out = new FileOutputStream(FileDescriptor.err);
        break;
      default:
        // FileOutputStream, not a channel: an interrupt must not close the log file.
        out = new FileOutputStream(path, true);
        ownsStream = true;
    }
    LogFileWriter writer =
        new LogFileWriter(path, out, ownsStream, queueCapacity, flushIntervalNanos);
    writer.thread.start();
    return writer;
  }

  String path() {
    return path;
  }

  /** Queues one line; never blocks. */
  void write(String line) {
    if (closed || !queue.offer(line)) {
      dropped.increment();
    }
  }

  /** Lines dropped because the queue was full or the writer closed. */
  long dropped() {
    return dropped.sum();
  }

  /** Writes that failed with an I/O error (the lines are lost). */
  long writeFailed() {
    return writeFailed.sum();
  }

  /** Writes and flushes every queued line, then closes the file; waits for the writer thread. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The queue may be full; then the writer is busy and sees `closed` after the batch.
    queue.offer(CLOSE);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    ByteArrayOutputStream pending = new ByteArrayOutputStream(WRITE_SIZE);
    List<String> batch = new ArrayList<>(BATCH);
    boolean flushScheduled = false;
    long flushDeadline = 0;
    while (true) {
      long wait = flushScheduled ? flushDeadline - System.nanoTime() : flushIntervalNanos;
      try {
        String first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
      } catch (InterruptedException e) {
        closed = true;
      }
      append(pending, batch);
      if (!flushScheduled && pending.size() > 0) {
        flushScheduled = true;
        flushDeadline = System.nanoTime() + flushIntervalNanos;
      }
      if (pending.size() >= WRITE_SIZE) {
        writeOut(pending, false);
      }
      if (closed && queue.isEmpty()) {
        break;
      }
      if (flushScheduled && System.nanoTime() - flushDeadline >= 0) {
        writeOut(pending, true);
        flushScheduled = false;
      }
    }
    queue.drainTo(batch);
    append(pending, batch);
    writeOut(pending, true);
    if (ownsStream) {
      try {
        out.close();
      } catch (IOException e) {
        logger.warn("closing access log {} failed: {}", path, e.toString());
      }
    }
  }

  private static void append(ByteArrayOutputStream pending, List<String> batch) {
    for (String line : batch) {
      if (line != CLOSE) {
        pending.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    batch.clear();
  }

  private void writeOut(ByteArrayOutputStream pending, boolean flush) {
    try {
      if (pending.size() > 0) {
        pending.writeTo(out);
      }
      if (flush) {
        out.flush();
      }
    } catch (IOException e) {
      writeFailed.increment();
      logger.warn("writing access log {} failed: {}", path, e.toString());
    } finally {
      pending.reset();
    }
  }
}
