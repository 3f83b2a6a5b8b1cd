package io.remora.http;

import io.netty.util.concurrent.FastThreadLocal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The {@code date} response header value, formatted at most once per second per event loop. */
public final class DateHeader {
  private static final FastThreadLocal<String[]> CACHE = new FastThreadLocal<>() {
    @Override
    protected String[] initialValue() {
      return new String[2];
    }
  };

  private DateHeader() {}

  public static String now() {
    long second = System.currentTimeMillis() / 1000;
    String[] cached = CACHE.get();
    String key = Long.toString(second);
    if (!key.equals(cached[0])) {
      cached[0] = key;
      cached[1] = DateTimeFormatter.RFC_1123_DATE_TIME.format(
          ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
    }
    return cached[1];
  }
}
