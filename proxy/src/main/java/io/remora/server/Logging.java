package io.remora.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Log levels by Envoy's names (trace, debug, info, warning, error, critical, off), applied to
 * Remora's loggers at run time ({@code -l}, admin {@code /logging}). The loggers are
 * {@link LogProvider}'s: one line per event on stderr.
 */
public final class Logging {
  /** Envoy's level names, in order. */
  public static final String[] LEVELS = {"trace", "debug", "info", "warning", "error", "critical", "off"};

  private Logging() {}

  /** Sets the level of every Remora logger; IllegalArgumentException names the valid levels. */
  public static void setLevel(String envoyLevel) {
    setLevel("io.remora", envoyLevel);
  }

  /** Sets one logger's level ({@code io.remora.cluster}, or a short name like {@code cluster}). */
  public static void setLevel(String logger, String envoyLevel) {
    int level = toThreshold(envoyLevel);
    String name = logger.startsWith("io.") || logger.equals("ROOT") ? logger : "io.remora." + logger;
    registry().setLevel(name, level);
  }

  /** Remora's loggers and their effective levels, in Envoy's words. */
  public static Map<String, String> levels() {
    Map<String, String> levels = new LinkedHashMap<>();
    registry().levels().forEach((name, level) -> {
      if (name.startsWith("io.remora")) {
        levels.put(name, toEnvoy(level));
      }
    });
    return levels;
  }

  static int toThreshold(String envoyLevel) {
    return switch (envoyLevel.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE.toInt();
      case "debug" -> Level.DEBUG.toInt();
      case "info" -> Level.INFO.toInt();
      case "warning", "warn" -> Level.WARN.toInt();
      case "error", "critical" -> Level.ERROR.toInt();
      case "off" -> LogRegistry.OFF;
      default -> throw new IllegalArgumentException(
          "unknown log level '" + envoyLevel + "' (valid: " + String.join(", ", LEVELS) + ")");
    };
  }

  static String toEnvoy(int threshold) {
    if (threshold <= Level.TRACE.toInt()) {
      return "trace";
    } else if (threshold <= Level.DEBUG.toInt()) {
      return "debug";
    } else if (threshold <= Level.INFO.toInt()) {
      return "info";
    } else if (threshold <= Level.WARN.toInt()) {
      return "warning";
    } else if (threshold <= Level.ERROR.toInt()) {
      return "error";
    }
    return "off";
  }

  private static LogRegistry registry() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LogRegistry registry) {
      return registry;
    }
    throw new IllegalStateException("SLF4J is bound to " + factory.getClass().getName()
        + ", not to Remora's logger; is another SLF4J provider on the class path?");
  }
}
