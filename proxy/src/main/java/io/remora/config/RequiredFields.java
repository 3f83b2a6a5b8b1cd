package io.remora.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The few required fields of Envoy's validate rules that a proxy cannot run without, checked on
 * the fields a config mapping wrote; a required oneof is named "oneof:NAME".
 */
final class RequiredFields {
  private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
      Map.entry("envoy.config.listener.v3.Listener", List.of("address")),
      Map.entry("envoy.config.cluster.v3.Cluster", List.of("name")),
      Map.entry("envoy.config.route.v3.Route", List.of("match", "oneof:action")),
      Map.entry("envoy.config.route.v3.RouteMatch", List.of("oneof:path_specifier")),
      Map.entry("envoy.config.route.v3.RouteAction", List.of("oneof:cluster_specifier")),
      Map.entry("envoy.config.route.v3.VirtualHost", List.of("name", "domains")),
      Map.entry("envoy.config.core.v3.Address", List.of("oneof:address")),
      Map.entry("envoy.config.core.v3.SocketAddress", List.of("address", "oneof:port_specifier")),
      Map.entry("envoy.config.listener.v3.Filter", List.of("name")),
      Map.entry("envoy.config.listener.v3.ListenerFilter", List.of("name")),
      Map.entry("envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter",
          List.of("name")),
      Map.entry("envoy.extensions.filters.network.http_connection_manager.v3"
          + ".HttpConnectionManager", List.of("stat_prefix", "oneof:route_specifier")),
      Map.entry("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
          List.of("stat_prefix", "oneof:cluster_specifier")),
      Map.entry("envoy.config.endpoint.v3.ClusterLoadAssignment", List.of("cluster_name")));

  /** A listener needs no address when it is an API or internal listener. */
  private static final Map<String, Set<String>> EXCUSED_BY =
      Map.of("envoy.config.listener.v3.Listener", Set.of("api_listener", "internal_listener"));

  private RequiredFields() {}

  /** What {@code type} requires but {@code present} (field names written) lacks, as phrases. */
  static List<String> missing(Descriptor type, Set<String> present) {
    List<String> missing = new ArrayList<>();
    Set<String> excuses = EXCUSED_BY.getOrDefault(type.getFullName(), Set.of());
    if (excuses.stream().anyMatch(present::contains)) {
      return missing;
    }
    for (String required : REQUIRED.getOrDefault(type.getFullName(), List.of())) {
      if (required.startsWith("oneof:")) {
        OneofDescriptor oneof = oneof(type, required.substring("oneof:".length()));
        List<String> members =
            oneof.getFields().stream().map(FieldDescriptor::getName).toList();
        if (members.stream().noneMatch(present::contains)) {
          missing.add("one of " + members.stream().map(name -> "'" + name + "'")
              .collect(Collectors.joining(", ")));
        }
      } else if (!present.contains(required)) {
        missing.add("required field '" + required + "'");
      }
    }
    return missing;
  }

  private static OneofDescriptor oneof(Descriptor type, String name) {
    return type.getOneofs().stream()
        .filter(oneof -> oneof.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(type.getFullName() + " has no " + name));
  }
}
