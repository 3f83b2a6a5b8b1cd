package io.remora.internal;

import io.remora.config.ConfigException;
import io.remora.config.Extensions;
import io.remora.config.Positions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Extension factories (filters, access loggers) by Envoy name and by v3 type URL; immutable.
 * Lookup goes by type URL first, then by name, as Envoy's does.
 */
public final class ExtensionRegistry<T> {
  private final String kind;
  private final Extensions.Kind envoyKind;
  private final Extensions envoy;
  private final Map<String, T> byName;
  private final Map<String, T> byTypeUrl;

  /**
   * {@code envoyKind} tells an Envoy extension Remora lacks (an error that says "not
   * supported by Remora yet") from a name nobody knows (an error that says "unknown").
   */
  public ExtensionRegistry(String kind, Extensions.Kind envoyKind, List<T> factories, Function<T, String> name,
      Function<T, String> typeUrl) {
    this.kind = kind;
    this.envoyKind = envoyKind;
    this.envoy = Extensions.envoy();
    Map<String, T> names = new TreeMap<>();
    Map<String, T> types = new TreeMap<>();
    for (T factory : factories) {
      names.put(name.apply(factory), factory);
      types.put(typeUrl.apply(factory), factory);
    }
    this.byName = Map.copyOf(names);
    this.byTypeUrl = Map.copyOf(types);
  }

  /** The factory, or an error naming the unknown extension and listing the known ones. */
  public T find(String name, String typeUrl, String path, Positions positions) throws ConfigException {
    T factory = typeUrl == null || typeUrl.isEmpty() ? null : byTypeUrl.get(typeUrl);
    if (factory == null) {
      factory = byName.get(name);
    }
    if (factory == null) {
      var envoyExtension = typeUrl == null || typeUrl.isEmpty()
          ? envoy.byName(envoyKind, name)
          : envoy.byTypeUrl(typeUrl).or(() -> envoy.byName(envoyKind, name));
      if (envoyExtension.isPresent()) {
        throw new ConfigException(positions.error(path,
            kind + " '" + envoyExtension.get().name() + "' is not supported by Remora yet (supported "
                + kind + "s: " + String.join(", ", new TreeMap<>(byName).keySet()) + ")"));
      }
      throw new ConfigException(positions.error(path,
          "unknown " + kind + " '" + name + "'" + (typeUrl == null || typeUrl.isEmpty() ? "" : " (" + typeUrl + ")")
              + "; known " + kind + "s: " + String.join(", ", new TreeMap<>(byName).keySet())));
    }
    return factory;
  }
}
