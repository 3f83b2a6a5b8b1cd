package io.remora.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One logger: writes each event as one line on stderr, Envoy's shape
 * {@code [2026-11-26 15:04:05.123][INFO][ClassName] message} in local time, followed by the
 * stack trace when the event carries an exception. The line goes out in one write, so lines
 * from different threads never interleave; stderr is looked up per event (tests replace it).
 */
final class LineLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final String shortName;
  private volatile int level;

  LineLogger(String name, int level) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
    this.level = level;
  }

  int level() {
    return level;
  }

  void setLevel(int level) {
    this.level = level;
  }

  @Override
  public boolean isTraceEnabled() {
    return level <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return level <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return level <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return level <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return level <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level eventLevel, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    StringBuilder line = new StringBuilder(128);
    appendTimestamp(line, System.currentTimeMillis());
    line.append("][").append(eventLevel).append("][").append(shortName).append("] ")
        .append(MessageFormatter.basicArrayFormat(pattern, arguments)).append(System.lineSeparator());
    if (throwable != null) {
      StringWriter trace = new StringWriter();
      throwable.printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    System.err.print(line);
  }

  /** {@code [yyyy-MM-dd HH:mm:ss.SSS} in the JVM's time zone. */
  static void appendTimestamp(StringBuilder line, long epochMillis) {
    LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), LocalZone.ZONE);
    line.append('[').append(time.getYear()).append('-');
    pad(line, time.getMonthValue(), 2).append('-');
    pad(line, time.getDayOfMonth(), 2).append(' ');
    pad(line, time.getHour(), 2).append(':');
    pad(line, time.getMinute(), 2).append(':');
    pad(line, time.getSecond(), 2).append('.');
    pad(line, time.getNano() / 1_000_000, 3);
  }

  private static StringBuilder pad(StringBuilder line, int value, int width) {
    for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        line.append('0');
      }
    }
    return line.append(value);
  }

  /** The time zone, looked up at the first event rather than at start-up (it reads the zone database). */
  private static final class LocalZone {
    static final ZoneId ZONE = ZoneId.systemDefault();
  }
}
