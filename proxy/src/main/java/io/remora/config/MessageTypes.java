package io.remora.config;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message descriptors by type URL: Envoy's from the bundle of {@link EnvoyDescriptors}, any
 * other type (say, a v2 message, to name it in an error) through its generated class.
 */
final class MessageTypes {
  /** Proto package prefix to the Java package prefix the api jar generated it under. */
  private static final Map<String, String> JAVA_PACKAGES =
      Map.of("envoy.", "io.envoyproxy.envoy.", "xds.", "com.github.xds.", "udpa.",
          "com.github.udpa.udpa.");
  private static final String BOOTSTRAP = "envoy.config.bootstrap.v3.Bootstrap";

  private final EnvoyDescriptors bundled;
  private final Descriptor bootstrap;
  /** Types looked up so far; a cache of an immutable lookup, safe to share. */
  private final Map<String, Optional<Descriptor>> resolved = new ConcurrentHashMap<>();

  private MessageTypes(EnvoyDescriptors bundled) {
    this.bundled = bundled;
    this.bootstrap = byFullName(BOOTSTRAP).orElseThrow(
        () -> new IllegalStateException(BOOTSTRAP + " is missing from " + EnvoyDescriptors.RESOURCE));
  }

  /**
   * The Bootstrap's own type closure, built now; extension types are built only when a config
   * names them, which keeps start-up short.
   */
  static MessageTypes load() {
    return new MessageTypes(EnvoyDescriptors.bundled());
  }

  /** The descriptor of the v3 Bootstrap, the root of every config. */
  Descriptor bootstrap() {
    return bootstrap;
  }

  /** The message type named by {@code typeUrl} ("type.googleapis.com/NAME"), if known. */
  Optional<Descriptor> byTypeUrl(String typeUrl) {
    return typeUrl.indexOf('/') < 0 ? Optional.empty() : byFullName(fullName(typeUrl));
  }

  /** The message type {@code fullName} ("envoy.config.core.v3.Address"), if known. */
  Optional<Descriptor> byFullName(String fullName) {
    return resolved.computeIfAbsent(fullName,
        name -> bundled.message(name).or(() -> generatedDescriptor(name)));
  }

  /** A registry of every type loaded so far, for {@code JsonFormat} printers. */
  TypeRegistry typeRegistry() {
    TypeRegistry.Builder registry = TypeRegistry.newBuilder().add(bootstrap);
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

  static String fullName(String typeUrl) {
    return typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
  }

  /**
   * The descriptor of the generated class for {@code fullName}: Envoy's Java packages are the
   * proto packages under a fixed prefix, and message names are the capitalized segments.
   */
  static Optional<Descriptor> generatedDescriptor(String fullName) {
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
