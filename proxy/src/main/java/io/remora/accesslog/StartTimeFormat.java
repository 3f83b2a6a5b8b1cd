package io.remora.accesslog;

import io.remora.config.ConfigException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strftime pattern for {@code %START_TIME(...)%}, compiled once into fields. Times are printed
 * in UTC, as Envoy does. Beyond strftime it knows Envoy's {@code %s} (epoch seconds), {@code %f}
 * and {@code %1f}..{@code %9f} (fractional seconds, 9 digits by default) and Abseil's {@code
 * %E3S}/{@code %E6S}/{@code %E9S} (seconds with a fraction). {@link StreamInfo} keeps the start
 * in milliseconds, so digits past the third are zeros.
 *
 * @see io.remora.http.StreamInfo#startTimeMillis()
 */
final class StartTimeFormat {
  /** Envoy's format for a bare {@code %START_TIME%}: {@code 2016-04-15T20:17:00.310Z}. */
  static final String DEFAULT_PATTERN = "%Y-%m-%dT%H:%M:%E3SZ";

  /** Appends one field of the time to the line. */
  @FunctionalInterface
  private interface Field {
    void append(StringBuilder out, LocalDateTime time, long epochMillis);
  }

  private final Field[] fields;

  private StartTimeFormat(List<Field> fields) {
    this.fields = fields.toArray(Field[]::new);
  }

  static StartTimeFormat compile(String pattern) throws ConfigException {
    List<Field> fields = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%') {
        literal.append(c);
        continue;
      }
      if (i + 1 >= pattern.length()) {
        throw new ConfigException(
            "START_TIME format '" + pattern + "' ends with a lone '%' (write %% for a '%')");
      }
      char spec = pattern.charAt(++i);
      String digitsSpec = null;
      if (spec >= '1' && spec <= '9' && i + 1 < pattern.length() && pattern.charAt(i + 1) == 'f') {
        digitsSpec = String.valueOf(spec);
        spec = pattern.charAt(++i);
      } else if (spec == 'E' && i + 2 < pattern.length() && pattern.charAt(i + 2) == 'S') {
        digitsSpec = String.valueOf(pattern.charAt(i + 1));
        i += 2;
      }
      if (spec == '%' || spec == 'n' || spec == 't') {
        literal.append(spec == '%' ? '%' : spec == 'n' ? '\n' : '\t');
        continue;
      }
      if (literal.length() > 0) {
        String text = literal.toString();
        fields.add((out, time, millis) -> out.append(text));
        literal.setLength(0);
      }
      fields.add(field(pattern, spec, digitsSpec));
    }
    if (literal.length() > 0) {
      String text = literal.toString();
      fields.add((out, time, millis) -> out.append(text));
    }
    return new StartTimeFormat(fields);
  }

  private static Field field(String pattern, char spec, String digitsSpec)
      throws ConfigException {
    if (digitsSpec != null) {
      if (digitsSpec.charAt(0) < '1' || digitsSpec.charAt(0) > '9') {
        throw new ConfigException(
            "START_TIME format '" + pattern + "': %E" + digitsSpec + "S needs 1 to 9 digits");
      }
      int digits = digitsSpec.charAt(0) - '0';
      if (spec == 'f') {
        return (out, time, millis) -> appendFraction(out, millis, digits);
      }
      return (out, time, millis) -> {
        pad2(out, time.getSecond());
        out.append('.');
        appendFraction(out, millis, digits);
      };
    }
    switch (spec) {
      case 'Y':
        return (out, time, millis) -> out.append(time.getYear());
      case 'y':
        return (out, time, millis) -> pad2(out, time.getYear() % 100);
      case 'm':
        return (out, time, millis) -> pad2(out, time.getMonthValue());
      case 'd':
        return (out, time, millis) -> pad2(out, time.getDayOfMonth());
      case 'e':
        return (out, time, millis) -> {
          if (time.getDayOfMonth() < 10) {
            out.append(' ');
          }
          out.append(time.getDayOfMonth());
        };
      case 'j':
        return (out, time, millis) -> {
          int day = time.getDayOfYear();
          out.append(day < 10 ? "00" : day < 100 ? "0" : "").append(day);
        };
      case 'H':
        return (out, time, millis) -> pad2(out, time.getHour());
      case 'I':
        return (out, time, millis) -> pad2(out, (time.getHour() + 11) % 12 + 1);
      case 'p':
        return (out, time, millis) -> out.append(time.getHour() < 12 ? "AM" : "PM");
      case 'M':
        return (out, time, millis) -> pad2(out, time.getMinute());
      case 'S':
        return (out, time, millis) -> pad2(out, time.getSecond());
      case 's':
        return (out, time, millis) -> out.append(Math.floorDiv(millis, 1000L));
      case 'f':
        return (out, time, millis) -> appendFraction(out, millis, 9);
      case 'z':
        return (out, time, millis) -> out.append("+0000");
      case 'Z':
        return (out, time, millis) -> out.append("UTC");
      case 'a':
        return (out, time, millis) ->
            out.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
      case 'A':
        return (out, time, millis) ->
            out.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
      case 'b':
      case 'h':
        return (out, time, millis) ->
            out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
      case 'B':
        return (out, time, millis) ->
            out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
      case 'F':
        return compile("%Y-%m-%d")::append;
      case 'T':
        return compile("%H:%M:%S")::append;
      case 'R':
        return compile("%H:%M")::append;
      case 'D':
        return compile("%m/%d/%y")::append;
      default:
        throw new ConfigException(
            "START_TIME format '"
                + pattern
                + "': '%"
                + spec
                + "' is not supported by Remora (known: %Y %y %m %d %e %j %H %I %p %M %S %s"
                + " %f %1f..%9f %E3S %E6S %E9S %z %Z %a %A %b %h %B %F %T %R %D %n %t %%)");
    }
  }

  /** Appends the start time of a stream that began at {@code epochMillis}. */
  void append(StringBuilder out, long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int nanos = (int) Math.floorMod(epochMillis, 1000L) * 1_000_000;
    append(out, LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), epochMillis);
  }

  private void append(StringBuilder out, LocalDateTime time, long epochMillis) {
    for (Field field : fields) {
      field.append(out, time, epochMillis);
    }
  }

  private static void pad2(StringBuilder out, int value) {
    if (value < 10) {
      out.append('0');
    }
    out.append(value);
  }

  private static void appendFraction(StringBuilder out, long epochMillis, int digits) {
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    out.append((char) ('0' + millis / 100));
    if (digits >= 2) {
      out.append((char) ('0' + millis / 10 % 10));
    }
    if (digits >= 3) {
      out.append((char) ('0' + millis % 10));
    }
    for (int i = 3; i < digits; i++) {
      out.append('0');
    }
  }
}
