package io.remora.server;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Remora's SLF4J binding, found by SLF4J through {@code META-INF/services}: one line per event
 * on stderr in Envoy's shape, levels per logger changed at run time through {@link Logging}.
 * It replaces logback, whose start-up (service lookups, the pattern compiler, regular
 * expressions, date formatters; ~250 classes) cost ~150 ms of CPU before the first request.
 * Remora never read a logback configuration file, so nothing a user could set is lost.
 */
public final class LogProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private volatile LogRegistry registry;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return registry;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    registry = new LogRegistry();
  }
}
