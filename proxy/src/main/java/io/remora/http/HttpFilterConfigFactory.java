package io.remora.http;

import com.google.protobuf.Any;
import io.remora.config.ConfigException;

/**
 * Turns an HTTP filter's typed config into a {@link HttpFilterFactory}, once per config load.
 * Registered under the filter's Envoy name and v3 type URL.
 */
public interface HttpFilterConfigFactory {
  /** Canonical Envoy name, e.g. {@code envoy.filters.http.router}. */
  String name();

  /** Full v3 type URL of the config message. */
  String typeUrl();

  /**
   * Parses the config. {@code typedConfig} may be the default instance (no config given);
   * {@code path} is where the filter sits in the config, for error messages.
   */
  HttpFilterFactory create(Any typedConfig, FilterFactoryContext context, String path) throws ConfigException;
}
