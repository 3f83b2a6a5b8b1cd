package io.remora.listener;

import com.google.protobuf.Any;
import io.remora.config.ConfigException;

/** Turns a network filter's typed config into a {@link NetworkFilterFactory}; keyed by name and type URL. */
public interface NetworkFilterConfigFactory {
  String name();

  String typeUrl();

  NetworkFilterFactory create(Any typedConfig, NetworkFilterContext context, String path) throws ConfigException;
}
