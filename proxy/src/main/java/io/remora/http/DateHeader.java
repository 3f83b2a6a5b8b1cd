package io.remora.http;

import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The {@code date} response header value, formatted at most once per second per event loop. */
public final class DateHeader {
  /** Per event loop: the second last formatted, and its text. */
  private static final class Cached {
    long second = -1;
    AsciiString text;
  }

  // Thread-confined cache of an immutable function of the clock, not shared mutable state.
  private static final FastThreadLocal<Cached> CACHE = new FastThreadLocal<>() {
    @Override
    protected Cached initialValue() {
      return new Cached();
    }
  };

  private DateHeader() {}

  /** As an {@link AsciiString}: the encoder copies its bytes instead of converting chars. */
  public static AsciiString now() {
    long second = System.currentTimeMillis() / 1000;
    Cached cached = CACHE.get();
    if (cached.second != second) {
      cached.second = second;
      cached.text = new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(
          ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
    }
    return cached.text;
  }
}
