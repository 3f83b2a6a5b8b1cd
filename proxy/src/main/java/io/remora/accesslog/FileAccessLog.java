package io.remora.accesslog;

import static java.util.Objects.requireNonNull;

import io.remora.config.ConfigException;
import io.remora.http.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's {@code envoy.access_loggers.file}, and {@code stdout}/{@code stderr}, which are the same
 * logger on {@code /dev/stdout} and {@code /dev/stderr}: formats on the calling event loop and
 * queues the line to the path's shared writer thread.
 */
public final class FileAccessLog implements AccessLog {
  private static final Logger logger = LoggerFactory.getLogger(FileAccessLog.class);

  private final AccessLogFormatter formatter;
  private final LogFileWriter writer;

  private FileAccessLog(AccessLogFormatter formatter, LogFileWriter writer) {
    this.formatter = formatter;
    this.writer = writer;
  }

  /**
   * Logs to {@code path}, opened through {@code writers}; {@code /dev/null} logs nothing and opens
   * nothing.
   */
  public static AccessLog of(String path, AccessLogFormatter formatter, AccessLogWriters writers)
      throws ConfigException {
    requireNonNull(path, "path");
    requireNonNull(formatter, "formatter");
    requireNonNull(writers, "writers");
    if (path.isEmpty()) {
      throw new ConfigException("access log file: 'path' is required");
    }
    if (path.equals("/dev/null")) {
      return AccessLog.NONE;
    }
    return new FileAccessLog(formatter, writers.writer(path));
  }

  /** The file this logger writes. */
  public String path() {
    return writer.path();
  }

  @Override
  public void log(StreamInfo info) {
    String line;
    try {
      line = formatter.format(info);
    } catch (RuntimeException e) {
      // A formatter bug must not break the stream that is being logged.
      logger.warn("formatting an access log line for {} failed", writer.path(), e);
      return;
    }
    writer.write(line);
  }
}
