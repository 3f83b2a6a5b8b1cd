package io.remora.config;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Envoy's known extensions by canonical name and v3 type URL, with their v2 names and type URLs,
 * so that the loader can translate old configs and the data plane can look factories up.
 */
public final class Extensions {
  /** Every type URL Envoy writes starts with this. */
  public static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  /** Where an extension plugs in: the same name can mean different types in different places. */
  public enum Kind {
    LISTENER_FILTER("filter"),
    NETWORK_FILTER("filter"),
    HTTP_FILTER("filter"),
    ACCESS_LOGGER("access logger"),
    UPSTREAM_TRANSPORT_SOCKET("transport socket"),
    DOWNSTREAM_TRANSPORT_SOCKET("transport socket"),
    COMPRESSOR_LIBRARY("compressor library"),
    PROTOCOL_OPTIONS("protocol options");

    private final String noun;

    Kind(String noun) {
      this.noun = noun;
    }

    /** How a config error names an extension of this kind: "filter", "transport socket". */
    public String noun() {
      return noun;
    }
  }

  /**
   * One extension: its canonical name, the v3 type URL of its config, the type URL of its
   * per-route config (or null), the names Envoy used before, and its v2 type URLs.
   */
  public record Extension(
      Kind kind,
      String name,
      String typeUrl,
      @Nullable String perRouteTypeUrl,
      List<String> deprecatedNames,
      List<String> v2TypeUrls) {
    public Extension {
      requireNonNull(kind, "kind");
      requireNonNull(name, "name");
      requireNonNull(typeUrl, "typeUrl");
      deprecatedNames = List.copyOf(deprecatedNames);
      v2TypeUrls = List.copyOf(v2TypeUrls);
    }
  }

  private final List<Extension> all;
  private final Map<String, Extension> byKindAndName;
  private final Map<String, Extension> byTypeUrl;
  private final Map<String, String> v3TypeUrls;

  private Extensions(List<Extension> all, Map<String, String> messageRenames) {
    this.all = ImmutableList.copyOf(all);
    Map<String, Extension> names = new HashMap<>();
    Map<String, Extension> types = new HashMap<>();
    Map<String, String> renames = new HashMap<>(messageRenames);
    for (Extension extension : all) {
      names.put(key(extension.kind(), extension.name()), extension);
      for (String deprecated : extension.deprecatedNames()) {
        names.put(key(extension.kind(), deprecated), extension);
      }
      types.putIfAbsent(extension.typeUrl(), extension);
      for (String v2 : extension.v2TypeUrls()) {
        renames.put(v2, extension.typeUrl());
      }
    }
    this.byKindAndName = ImmutableMap.copyOf(names);
    this.byTypeUrl = ImmutableMap.copyOf(types);
    this.v3TypeUrls = ImmutableMap.copyOf(renames);
  }

  /** The extensions Envoy ships that Remora knows by name. */
  public static Extensions envoy() {
    return new Extensions(KnownExtensions.ALL, KnownExtensions.V2_MESSAGE_RENAMES);
  }

  /** Every known extension, in declaration order. */
  public List<Extension> all() {
    return all;
  }

  /** The extension called {@code name} (canonical or deprecated) in places of {@code kind}. */
  public Optional<Extension> byName(Kind kind, String name) {
    return Optional.ofNullable(byKindAndName.get(key(kind, name)));
  }

  /** The extension whose config has the v3 type URL {@code typeUrl}. */
  public Optional<Extension> byTypeUrl(String typeUrl) {
    return Optional.ofNullable(byTypeUrl.get(typeUrl));
  }

  /** The v3 type URL that replaces the v2 type URL {@code typeUrl}, if it is a v2 one. */
  public Optional<String> v3TypeUrl(String typeUrl) {
    return Optional.ofNullable(v3TypeUrls.get(typeUrl));
  }

  /** The canonical names known for {@code kind}, for error messages. */
  public List<String> names(Kind kind) {
    return all.stream().filter(e -> e.kind() == kind).map(Extension::name).toList();
  }

  private static String key(Kind kind, String name) {
    return kind.name() + '/' + name;
  }
}
