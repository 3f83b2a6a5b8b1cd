package io.remora.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The loggers by name and their levels. A logger without a level of its own inherits its
 * nearest ancestor's ({@code io.remora.cluster} from {@code io.remora}, up to {@code ROOT}), as
 * in logback, and creating a logger creates its ancestors, so that they can be listed and set.
 * Each logger holds its effective level in a volatile field: a disabled call costs one read.
 */
final class LogRegistry implements ILoggerFactory {
  /** A level above every real one: nothing is logged. */
  static final int OFF = Integer.MAX_VALUE;

  private final Map<String, LineLogger> loggers = new ConcurrentHashMap<>();
  /** Levels set explicitly, by logger name; guarded by {@code this}. */
  private final Map<String, Integer> configured = new HashMap<>();

  LogRegistry() {
    configured.put(Logger.ROOT_LOGGER_NAME, Level.INFO.toInt());
    configured.put("io.netty", Level.WARN.toInt());
  }

  @Override
  public Logger getLogger(String name) {
    LineLogger logger = loggers.get(name);
    return logger != null ? logger : create(name);
  }

  private synchronized LineLogger create(String name) {
    LineLogger logger = loggers.get(name);
    if (logger != null) {
      return logger;
    }
    for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
      String ancestor = name.substring(0, dot);
      loggers.computeIfAbsent(ancestor, key -> new LineLogger(key, effectiveLevel(key)));
    }
    logger = new LineLogger(name, effectiveLevel(name));
    loggers.put(name, logger);
    return logger;
  }

  /** Sets one logger's own level (creating it if needed) and updates every logger below it. */
  synchronized void setLevel(String name, int level) {
    create(name);
    configured.put(name, level);
    loggers.values().forEach(logger -> logger.setLevel(effectiveLevel(logger.getName())));
  }

  /** Every logger's effective level, by name. */
  Map<String, Integer> levels() {
    Map<String, Integer> levels = new LinkedHashMap<>();
    loggers.values().forEach(logger -> levels.put(logger.getName(), logger.level()));
    return levels;
  }

  /** The logger's own level, else its nearest ancestor's, else the root's. Called holding the lock. */
  private int effectiveLevel(String name) {
    for (String candidate = name; ; ) {
      Integer level = configured.get(candidate);
      if (level != null) {
        return level;
      }
      int dot = candidate.lastIndexOf('.');
      if (dot < 0) {
        return configured.get(Logger.ROOT_LOGGER_NAME);
      }
      candidate = candidate.substring(0, dot);
    }
  }
}
