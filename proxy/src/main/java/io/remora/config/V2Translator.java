package io.remora.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.remora.config.Extensions.Extension;
import io.remora.config.Extensions.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rewrites a v2 config tree into its v3 spelling in place, walking it alongside the v3
 * descriptors so that each rule applies only where its message type is; each rewrite leaves one
 * warning that names the v3 spelling.
 */
final class V2Translator {
  private static final String TLS_SOCKET = "envoy.transport_sockets.tls";

  private final Extensions extensions;
  private final MessageTypes types;
  private final String source;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  /** What a translation found: one warning per rewrite, errors for what it could not rewrite. */
  record Result(List<String> warnings, List<String> errors) {}

  private V2Translator(Extensions extensions, MessageTypes types, String source) {
    this.extensions = extensions;
    this.types = types;
    this.source = source;
  }

  /** Translates the bootstrap tree {@code root} in place. */
  static Result translate(
      MappingNode root, Extensions extensions, MessageTypes types, String source) {
    V2Translator translator = new V2Translator(extensions, types, source);
    translator.visitMessage(types.bootstrap(), root, null);
    return new Result(List.copyOf(translator.warnings), List.copyOf(translator.errors));
  }

  private void visitMessage(Descriptor type, MappingNode node, @Nullable Descriptor parent) {
    protoNames(type, node);
    rewrite(type, node, parent);
    for (NodeTuple tuple : List.copyOf(node.getValue())) {
      String key = Nodes.text(tuple.getKeyNode());
      FieldDescriptor field = key == null ? null : FieldNames.find(type, key);
      if (field == null || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      Node value = tuple.getValueNode();
      if (field.isMapField()) {
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        if (value instanceof MappingNode map
            && valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          map.getValue().forEach(
              entry -> visitValue(valueField.getMessageType(), entry.getValueNode(), type));
        }
      } else if (field.isRepeated()) {
        if (value instanceof SequenceNode list) {
          list.getValue().forEach(item -> visitValue(field.getMessageType(), item, type));
        }
      } else {
        visitValue(field.getMessageType(), value, type);
      }
    }
  }

  /** lowerCamel JSON keys to their proto names, so that the rules below see one spelling. */
  private static void protoNames(Descriptor type, MappingNode node) {
    for (NodeTuple tuple : List.copyOf(node.getValue())) {
      String key = Nodes.text(tuple.getKeyNode());
      FieldDescriptor field = key == null ? null : FieldNames.find(type, key);
      if (field != null && !field.getName().equals(key)) {
        Nodes.replace(node, tuple, new NodeTuple(
            Nodes.scalar(field.getName(), tuple.getKeyNode()), tuple.getValueNode()));
      }
    }
  }

  private void visitValue(Descriptor type, Node node, Descriptor parent) {
    if (!(node instanceof MappingNode mapping)) {
      return;
    }
    if (type.getFullName().equals("google.protobuf.Any")) {
      visitAny(mapping, parent);
    } else if (!type.getFullName().startsWith("google.protobuf.")) {
      visitMessage(type, mapping, parent);
    }
  }

  private void visitAny(MappingNode node, Descriptor parent) {
    NodeTuple typeTuple = Nodes.entry(node, "@type");
    String typeUrl = typeTuple == null ? null : Nodes.text(typeTuple.getValueNode());
    if (typeUrl == null) {
      return;
    }
    Optional<String> v3 = extensions.v3TypeUrl(typeUrl);
    if (v3.isPresent()) {
      Node value = typeTuple.getValueNode();
      Nodes.replace(node, typeTuple,
          new NodeTuple(typeTuple.getKeyNode(), Nodes.scalar(v3.get(), value)));
      warn(value, "deprecated type URL '%s'; use '%s'", typeUrl, v3.get());
      typeUrl = v3.get();
    }
    types.byTypeUrl(typeUrl)
        .filter(type -> !type.getFullName().startsWith("google.protobuf."))
        .ifPresent(type -> visitMessage(type, node, parent));
  }

  private void rewrite(Descriptor type, MappingNode node, @Nullable Descriptor parent) {
    switch (type.getFullName()) {
      case "envoy.config.listener.v3.ListenerFilter" -> extension(node, Kind.LISTENER_FILTER);
      case "envoy.config.listener.v3.Filter" -> extension(node, Kind.NETWORK_FILTER);
      case "envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter" ->
          extension(node, Kind.HTTP_FILTER);
      case "envoy.config.accesslog.v3.AccessLog" -> extension(node, Kind.ACCESS_LOGGER);
      case "envoy.config.core.v3.TransportSocket" -> extension(node, socketKind(parent));
      case "envoy.config.cluster.v3.Cluster" -> {
        hostsToLoadAssignment(node);
        tlsContextToTransportSocket(node, Kind.UPSTREAM_TRANSPORT_SOCKET);
      }
      case "envoy.config.listener.v3.FilterChain" ->
          tlsContextToTransportSocket(node, Kind.DOWNSTREAM_TRANSPORT_SOCKET);
      case "envoy.config.route.v3.RouteAction" -> {
        rename(node, "host_rewrite", "host_rewrite_literal");
        rename(node, "auto_host_rewrite_header", "host_rewrite_header");
      }
      case "envoy.config.route.v3.RouteMatch", "envoy.type.matcher.v3.StringMatcher" ->
          wrap(node, "regex", "safe_regex", "regex");
      case "envoy.config.route.v3.HeaderMatcher" -> headerMatcher(node);
      case "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager" -> {
        schemeTransformation(node);
        moveInto(node, "idle_timeout", "common_http_protocol_options");
      }
      case "envoy.config.bootstrap.v3.Bootstrap" -> runtimeToLayers(node);
      case "envoy.config.route.v3.CorsPolicy" -> corsOrigins(node);
      case "envoy.config.route.v3.VirtualHost",
          "envoy.config.route.v3.Route",
          "envoy.config.route.v3.WeightedCluster.ClusterWeight" -> perFilterConfig(node);
      default -> {}
    }
  }

  private static Kind socketKind(@Nullable Descriptor parent) {
    boolean upstream =
        parent != null && parent.getFullName().startsWith("envoy.config.cluster.v3.");
    return upstream ? Kind.UPSTREAM_TRANSPORT_SOCKET : Kind.DOWNSTREAM_TRANSPORT_SOCKET;
  }

  /** Canonical name, {@code config:} to {@code typed_config}, and a type URL from the name. */
  private void extension(MappingNode node, Kind kind) {
    NodeTuple nameTuple = Nodes.entry(node, "name");
    String name = nameTuple == null ? null : Nodes.text(nameTuple.getValueNode());
    if (name == null) {
      return;
    }
    Optional<Extension> known = extensions.byName(kind, name);
    NodeTuple v2Config = Nodes.entry(node, "config");
    if (known.isEmpty()) {
      if (v2Config != null) {
        node.getValue().remove(v2Config);
        errors.add(Nodes.place(source, v2Config.getKeyNode().getStartMark()) + ": cannot"
            + " translate the v2 'config' of unknown %s '%s': write 'typed_config' with its '@type'"
                .formatted(kind.noun(), name));
      }
      return;
    }
    Extension extension = known.get();
    if (!extension.name().equals(name)) {
      Node value = nameTuple.getValueNode();
      Nodes.replace(node, nameTuple,
          new NodeTuple(nameTuple.getKeyNode(), Nodes.scalar(extension.name(), value)));
      warn(value, "deprecated %s name '%s'; use '%s'", kind.noun(), name, extension.name());
    }
    NodeTuple config = v2Config;
    NodeTuple typed = Nodes.entry(node, "typed_config");
    if (config != null && typed == null) {
      Node key = config.getKeyNode();
      Nodes.replace(node, config, new NodeTuple(Nodes.scalar("typed_config", key),
          typed(extension.typeUrl(), config.getValueNode(), key)));
      warn(key, "deprecated 'config' on %s '%s'; use 'typed_config' with '@type: %s'",
          kind.noun(), extension.name(), extension.typeUrl());
    } else if (typed == null && Nodes.entry(node, "config_discovery") == null) {
      node.getValue().add(new NodeTuple(Nodes.scalar("typed_config", node),
          typed(extension.typeUrl(), null, node)));
    } else if (typed != null && isEmpty(typed.getValueNode())) {
      Nodes.replace(node, typed, new NodeTuple(typed.getKeyNode(),
          typed(extension.typeUrl(), null, typed.getValueNode())));
    }
  }

  private static boolean isEmpty(Node node) {
    return Nodes.isNull(node)
        || (node instanceof MappingNode mapping && mapping.getValue().isEmpty());
  }

  /** An Any mapping: {@code @type: typeUrl} followed by the fields of {@code fields}. */
  private static MappingNode typed(String typeUrl, @Nullable Node fields, Node source) {
    List<NodeTuple> entries = new ArrayList<>();
    entries.add(new NodeTuple(Nodes.scalar("@type", source), Nodes.scalar(typeUrl, source)));
    if (fields instanceof MappingNode mapping) {
      entries.addAll(mapping.getValue());
    }
    return Nodes.mapping(entries, fields instanceof MappingNode ? fields : source);
  }

  private void hostsToLoadAssignment(MappingNode cluster) {
    NodeTuple hosts = Nodes.entry(cluster, "hosts");
    if (hosts == null || Nodes.entry(cluster, "load_assignment") != null
        || !(hosts.getValueNode() instanceof SequenceNode list)) {
      return;
    }
    NodeTuple nameTuple = Nodes.entry(cluster, "name");
    String clusterName = nameTuple == null ? "" : Nodes.text(nameTuple.getValueNode());
    Node key = hosts.getKeyNode();
    List<Node> endpoints = new ArrayList<>();
    for (Node address : list.getValue()) {
      endpoints.add(Nodes.single("endpoint", Nodes.single("address", address, address), address));
    }
    List<NodeTuple> assignment = List.of(
        new NodeTuple(Nodes.scalar("cluster_name", key),
            Nodes.scalar(clusterName == null ? "" : clusterName, key)),
        new NodeTuple(Nodes.scalar("endpoints", key),
            Nodes.sequence(List.of(Nodes.single("lb_endpoints",
                Nodes.sequence(endpoints, list), list)), list)));
    Nodes.replace(cluster, hosts, new NodeTuple(Nodes.scalar("load_assignment", key),
        Nodes.mapping(assignment, list)));
    warn(key, "deprecated cluster field 'hosts'; use 'load_assignment'");
  }

  private void tlsContextToTransportSocket(MappingNode node, Kind kind) {
    NodeTuple context = Nodes.entry(node, "tls_context");
    if (context == null || Nodes.entry(node, "transport_socket") != null) {
      return;
    }
    String typeUrl = extensions.byName(kind, TLS_SOCKET).orElseThrow().typeUrl();
    Node key = context.getKeyNode();
    MappingNode socket = Nodes.mapping(List.of(
        new NodeTuple(Nodes.scalar("name", key), Nodes.scalar(TLS_SOCKET, key)),
        new NodeTuple(Nodes.scalar("typed_config", key),
            typed(typeUrl, context.getValueNode(), key))), key);
    Nodes.replace(node, context, new NodeTuple(Nodes.scalar("transport_socket", key), socket));
    warn(key, "deprecated 'tls_context'; use 'transport_socket' with name '%s' and '@type: %s'",
        TLS_SOCKET, typeUrl);
  }

  private void rename(MappingNode node, String oldName, String newName) {
    NodeTuple old = Nodes.entry(node, oldName);
    if (old != null && Nodes.entry(node, newName) == null) {
      Node key = old.getKeyNode();
      Nodes.replace(node, old, new NodeTuple(Nodes.scalar(newName, key), old.getValueNode()));
      warn(key, "deprecated field '%s'; use '%s'", oldName, newName);
    }
  }

  /** {@code old: X} becomes {@code field: {inner: X}}. */
  private void wrap(MappingNode node, String oldName, String field, String inner) {
    NodeTuple old = Nodes.entry(node, oldName);
    if (old == null || Nodes.entry(node, field) != null) {
      return;
    }
    Node key = old.getKeyNode();
    Nodes.replace(node, old, new NodeTuple(Nodes.scalar(field, key),
        Nodes.single(inner, old.getValueNode(), old.getValueNode())));
    warn(key, "deprecated field '%s'; use '%s.%s'", oldName, field, inner);
  }

  private void headerMatcher(MappingNode node) {
    String[][] matchers = {
      {"exact_match", "exact"}, {"prefix_match", "prefix"}, {"suffix_match", "suffix"},
      {"contains_match", "contains"}, {"safe_regex_match", "safe_regex"}
    };
    for (String[] matcher : matchers) {
      NodeTuple old = Nodes.entry(node, matcher[0]);
      if (old != null && Nodes.entry(node, "string_match") == null) {
        toStringMatch(node, old, matcher[1], old.getValueNode());
      }
    }
    NodeTuple regex = Nodes.entry(node, "regex_match");
    if (regex != null && Nodes.entry(node, "string_match") == null) {
      Node value = regex.getValueNode();
      toStringMatch(node, regex, "safe_regex", Nodes.single("regex", value, value));
    }
  }

  private void toStringMatch(MappingNode node, NodeTuple old, String kind, Node value) {
    Node key = old.getKeyNode();
    Nodes.replace(node, old, new NodeTuple(Nodes.scalar("string_match", key),
        Nodes.single(kind, value, old.getValueNode())));
    warn(key, "deprecated field '%s'; use 'string_match.%s'", Nodes.text(key), kind);
  }

  /**
   * {@code scheme_header_transformation: OVERWRITE_SCHEME} with a sibling {@code scheme: https},
   * as Envoy's own envoyproxy_io_proxy.yaml writes it, means {@code {scheme_to_overwrite: https}}.
   */
  private void schemeTransformation(MappingNode node) {
    NodeTuple transformation = Nodes.entry(node, "scheme_header_transformation");
    NodeTuple scheme = Nodes.entry(node, "scheme");
    String mode = transformation == null ? null : Nodes.text(transformation.getValueNode());
    if (mode == null || !mode.equalsIgnoreCase("OVERWRITE_SCHEME") || scheme == null) {
      return;
    }
    Node key = transformation.getKeyNode();
    Nodes.replace(node, transformation, new NodeTuple(key,
        Nodes.single("scheme_to_overwrite", scheme.getValueNode(), transformation.getValueNode())));
    node.getValue().remove(scheme);
    warn(key, "'scheme_header_transformation: %s' with 'scheme: %s' is not Envoy's v3 shape;"
        + " use 'scheme_header_transformation: {scheme_to_overwrite: %s}'", mode,
        Nodes.text(scheme.getValueNode()), Nodes.text(scheme.getValueNode()));
  }

  /** {@code old: X} becomes {@code parent: {old: X}}, merged into an existing parent. */
  private void moveInto(MappingNode node, String field, String parent) {
    NodeTuple old = Nodes.entry(node, field);
    if (old == null) {
      return;
    }
    NodeTuple existing = Nodes.entry(node, parent);
    Node key = old.getKeyNode();
    if (existing == null) {
      Nodes.replace(node, old, new NodeTuple(Nodes.scalar(parent, key),
          Nodes.single(field, old.getValueNode(), key)));
    } else if (existing.getValueNode() instanceof MappingNode target
        && Nodes.entry(target, field) == null) {
      target.getValue().add(old);
      node.getValue().remove(old);
    } else {
      return;
    }
    warn(key, "deprecated field '%s'; use '%s.%s'", field, parent, field);
  }

  /**
   * v2 {@code runtime} to the layers Envoy built from it: the static base, the disk root and
   * its per-cluster override, then the admin layer.
   */
  private void runtimeToLayers(MappingNode bootstrap) {
    NodeTuple runtime = Nodes.entry(bootstrap, "runtime");
    if (runtime == null || Nodes.entry(bootstrap, "layered_runtime") != null
        || !(runtime.getValueNode() instanceof MappingNode old)) {
      return;
    }
    Node key = runtime.getKeyNode();
    List<Node> layers = new ArrayList<>();
    NodeTuple base = Nodes.entry(old, "base");
    layers.add(layer("base", "static_layer",
        base != null ? base.getValueNode() : Nodes.mapping(List.of(), key), key));
    NodeTuple root = Nodes.entry(old, "symlink_root");
    if (root != null) {
      NodeTuple subdirectory = Nodes.entry(old, "subdirectory");
      layers.add(layer("root", "disk_layer", diskLayer(root, subdirectory, false), key));
      NodeTuple override = Nodes.entry(old, "override_subdirectory");
      if (override != null) {
        layers.add(layer("override", "disk_layer", diskLayer(root, override, true), key));
      }
    }
    layers.add(layer("admin", "admin_layer", Nodes.mapping(List.of(), key), key));
    Nodes.replace(bootstrap, runtime, new NodeTuple(Nodes.scalar("layered_runtime", key),
        Nodes.single("layers", Nodes.sequence(layers, key), key)));
    warn(key, "deprecated field 'runtime'; use 'layered_runtime'");
  }

  private static MappingNode layer(String name, String kind, Node value, Node source) {
    return Nodes.mapping(List.of(
        new NodeTuple(Nodes.scalar("name", source), Nodes.scalar(name, source)),
        new NodeTuple(Nodes.scalar(kind, source), value)), source);
  }

  private static MappingNode diskLayer(
      NodeTuple root, @Nullable NodeTuple subdirectory, boolean appendServiceCluster) {
    List<NodeTuple> fields = new ArrayList<>();
    fields.add(root);
    if (subdirectory != null) {
      fields.add(new NodeTuple(Nodes.scalar("subdirectory", subdirectory.getKeyNode()),
          subdirectory.getValueNode()));
    }
    if (appendServiceCluster) {
      Node source = subdirectory.getKeyNode();
      fields.add(new NodeTuple(Nodes.scalar("append_service_cluster", source),
          Nodes.scalar("true", source)));
    }
    return Nodes.mapping(fields, root.getKeyNode());
  }

  private void corsOrigins(MappingNode node) {
    for (String oldName : new String[] {"allow_origin", "allow_origin_regex"}) {
      NodeTuple old = Nodes.entry(node, oldName);
      if (old == null || !(old.getValueNode() instanceof SequenceNode origins)) {
        continue;
      }
      List<Node> matchers = new ArrayList<>();
      for (Node origin : origins.getValue()) {
        matchers.add(oldName.equals("allow_origin")
            ? Nodes.single("exact", origin, origin)
            : Nodes.single("safe_regex", Nodes.single("regex", origin, origin), origin));
      }
      NodeTuple existing = Nodes.entry(node, "allow_origin_string_match");
      Node key = old.getKeyNode();
      if (existing != null && existing.getValueNode() instanceof SequenceNode list) {
        list.getValue().addAll(matchers);
        node.getValue().remove(old);
      } else {
        Nodes.replace(node, old, new NodeTuple(Nodes.scalar("allow_origin_string_match", key),
            Nodes.sequence(matchers, origins)));
      }
      warn(key, "deprecated field '%s'; use 'allow_origin_string_match' with '%s'", oldName,
          oldName.equals("allow_origin") ? "exact" : "safe_regex");
    }
  }

  /** v2 {@code per_filter_config} (Structs by filter name) to typed per-route configs. */
  private void perFilterConfig(MappingNode node) {
    NodeTuple old = Nodes.entry(node, "per_filter_config");
    if (old == null || !(old.getValueNode() instanceof MappingNode configs)) {
      return;
    }
    NodeTuple existing = Nodes.entry(node, "typed_per_filter_config");
    MappingNode typedConfigs = existing != null && existing.getValueNode() instanceof MappingNode m
        ? m : Nodes.mapping(List.of(), configs);
    List<NodeTuple> untranslated = new ArrayList<>();
    for (NodeTuple config : configs.getValue()) {
      String name = Nodes.text(config.getKeyNode());
      Optional<Extension> filter =
          name == null ? Optional.empty() : extensions.byName(Kind.HTTP_FILTER, name);
      if (filter.isEmpty()) {
        untranslated.add(config);
        continue;
      }
      Extension extension = filter.get();
      String typeUrl = extension.perRouteTypeUrl() != null
          ? extension.perRouteTypeUrl() : extension.typeUrl();
      Node key = config.getKeyNode();
      typedConfigs.getValue().add(new NodeTuple(Nodes.scalar(extension.name(), key),
          typed(typeUrl, config.getValueNode(), key)));
      warn(key, "deprecated 'per_filter_config' for '%s'; use 'typed_per_filter_config' with"
          + " '@type: %s'", name, typeUrl);
    }
    if (existing == null) {
      node.getValue().add(new NodeTuple(
          Nodes.scalar("typed_per_filter_config", old.getKeyNode()), typedConfigs));
    }
    if (untranslated.isEmpty()) {
      node.getValue().remove(old);
    } else {
      configs.setValue(untranslated);
    }
  }

  private void warn(Node at, String format, Object... arguments) {
    warnings.add(Nodes.place(source, at.getStartMark()) + ": " + format.formatted(arguments));
  }
}
