package io.remora.config;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Message descriptors by full name, built once from the bootstrap's file graph and the known
 * extensions, so that {@code @type} URLs resolve without a classpath scan; other Envoy types are
 * found through their generated class.
 */
final class MessageTypes {
  /** Proto package prefix to the Java package prefix the api jar generated it under. */
  private static final Map<String, String> JAVA_PACKAGES =
      Map.of("envoy.", "io.envoyproxy.envoy.", "xds.", "com.github.xds.", "udpa.",
          "com.github.udpa.udpa.");

  private final Map<String, Descriptor> byFullName;
  /** Extension types loaded on demand; a cache of an immutable lookup, safe to share. */
  private final Map<String, Optional<Descriptor>> resolved = new ConcurrentHashMap<>();

  private MessageTypes(Map<String, Descriptor> byFullName) {
    this.byFullName = byFullName;
  }

  /**
   * The Bootstrap's own type closure, loaded now; extension types (about a thousand more
   * message files) are loaded only when a config names them, which keeps start-up short.
   */
  static MessageTypes load(Extensions extensions) {
    Deque<FileDescriptor> pending = new ArrayDeque<>();
    pending.add(Bootstrap.getDescriptor().getFile());
    Set<FileDescriptor> files = new HashSet<>();
    Map<String, Descriptor> types = new HashMap<>();
    while (!pending.isEmpty()) {
      FileDescriptor file = pending.pop();
      if (files.add(file)) {
        pending.addAll(file.getDependencies());
        file.getMessageTypes().forEach(type -> addWithNested(type, types));
      }
    }
    return new MessageTypes(ImmutableMap.copyOf(types));
  }

  /** The message type named by {@code typeUrl} ("type.googleapis.com/NAME"), if known. */
  Optional<Descriptor> byTypeUrl(String typeUrl) {
    int slash = typeUrl.lastIndexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String name = typeUrl.substring(slash + 1);
    Descriptor known = byFullName.get(name);
    return known != null ? Optional.of(known) : resolved.computeIfAbsent(name, MessageTypes::generatedDescriptor);
  }

  /** A registry of every type loaded so far, for {@code JsonFormat} printers. */
  TypeRegistry typeRegistry() {
    TypeRegistry.Builder registry = TypeRegistry.newBuilder().add(byFullName.values());
    resolved.values().forEach(type -> type.ifPresent(registry::add));
    return registry.build();
  }

  /**
   * A registry for printing {@code message} as JSON: the Bootstrap's types plus the type of
   * every {@code Any} inside it, found by walking it.
   */
  TypeRegistry typeRegistryFor(Message message) {
    collectAnyTypes(message);
    return typeRegistry();
  }

  private void collectAnyTypes(Message message) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      Collection<?> values = field.getKey().isRepeated() ? (Collection<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        Message child = (Message) value;
        if (child.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
          // Inside a typed config parsed dynamically, an Any is a DynamicMessage, not an Any.
          try {
            Any any = child instanceof Any packed ? packed : Any.parseFrom(child.toByteString());
            Optional<Descriptor> type = byTypeUrl(any.getTypeUrl());
            if (type.isPresent()) {
              collectAnyTypes(DynamicMessage.parseFrom(type.get(), any.getValue()));
            }
          } catch (InvalidProtocolBufferException unreadable) {
            // Printed as it is; JsonFormat reports it if it cannot.
          }
        } else {
          collectAnyTypes(child);
        }
      }
    }
  }

  int size() {
    return byFullName.size();
  }

  static String fullName(String typeUrl) {
    return typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
  }

  private static void addWithNested(Descriptor type, Map<String, Descriptor> types) {
    types.put(type.getFullName(), type);
    type.getNestedTypes().forEach(nested -> addWithNested(nested, types));
  }

  /**
   * The descriptor of the generated class for {@code fullName}: Envoy's Java packages are the
   * proto packages under a fixed prefix, and message names are the capitalized segments.
   */
  private static Optional<Descriptor> generatedDescriptor(String fullName) {
    for (Map.Entry<String, String> prefix : JAVA_PACKAGES.entrySet()) {
      if (fullName.startsWith(prefix.getKey())) {
        String javaName = prefix.getValue() + fullName.substring(prefix.getKey().length());
        return loadDescriptor(javaName, fullName);
      }
    }
    return Optional.empty();
  }

  private static Optional<Descriptor> loadDescriptor(String javaName, String fullName) {
    String[] segments = javaName.split("\\.");
    StringBuilder className = new StringBuilder();
    boolean inMessage = false;
    for (String segment : segments) {
      if (className.length() > 0) {
        className.append(inMessage ? '$' : '.');
      }
      className.append(segment);
      if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
        inMessage = true;
      }
    }
    try {
      Class<?> type = Class.forName(className.toString(), true, MessageTypes.class.getClassLoader());
      Object descriptor = type.getMethod("getDescriptor").invoke(null);
      if (descriptor instanceof Descriptor message && message.getFullName().equals(fullName)) {
        return Optional.of(message);
      }
      return Optional.empty();
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }
}
