package io.remora.admin;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.common.base.Suppliers;
import com.google.protobuf.TypeRegistry;
import java.util.function.Supplier;
import com.google.protobuf.util.Timestamps;
import io.envoyproxy.envoy.admin.v3.BootstrapConfigDump;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.List;

/**
 * {@code /config_dump}: the effective v3 config in Envoy's shape, a {@code ConfigDump} of the
 * bootstrap, the static clusters and the static listeners.
 */
final class ConfigDumpHandler {
  private final Supplier<String> json;

  /**
   * The config never changes after start (no xDS yet), so the dump is rendered once, on the
   * first request: rendering loads the typed configs' types, which start-up should not pay for.
   */
  ConfigDumpHandler(Bootstrap bootstrap, long loadedAtMillis, Supplier<TypeRegistry> knownTypes) {
    this.json = Suppliers.memoize(() -> render(bootstrap, loadedAtMillis, knownTypes.get()));
  }

  private static String render(Bootstrap bootstrap, long loadedAtMillis, TypeRegistry knownTypes) {
    Timestamp loaded = Timestamps.fromMillis(loadedAtMillis);
    ClustersConfigDump.Builder clusters = ClustersConfigDump.newBuilder();
    for (var cluster : bootstrap.getStaticResources().getClustersList()) {
      clusters.addStaticClustersBuilder().setCluster(Any.pack(cluster)).setLastUpdated(loaded);
    }
    ListenersConfigDump.Builder listeners = ListenersConfigDump.newBuilder();
    for (var listener : bootstrap.getStaticResources().getListenersList()) {
      listeners.addStaticListenersBuilder().setListener(Any.pack(listener)).setLastUpdated(loaded);
    }
    ConfigDump dump = ConfigDump.newBuilder()
        .addConfigs(Any.pack(BootstrapConfigDump.newBuilder().setBootstrap(bootstrap).setLastUpdated(loaded).build()))
        .addConfigs(Any.pack(clusters.build()))
        .addConfigs(Any.pack(listeners.build()))
        .build();
    TypeRegistry.Builder types = TypeRegistry.newBuilder()
        .add(List.of(BootstrapConfigDump.getDescriptor(), ClustersConfigDump.getDescriptor(),
            ListenersConfigDump.getDescriptor(), Bootstrap.getDescriptor()));
    addAnyTypes(bootstrap, knownTypes, types);
    return Json.print(dump, false, types.build());
  }

  AdminResponse configDump(AdminRequest request) {
    return AdminResponse.json(json.get());
  }

  /** Adds the type of every {@code Any} inside {@code message}, at any depth, to {@code types}. */
  private static void addAnyTypes(Message message, TypeRegistry known, TypeRegistry.Builder types) {
    for (var field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values = descriptor.isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        if (value instanceof Message nested) {
          addAnyTypes(unpack(nested, known, types), known, types);
        }
      }
    }
  }

  /** An Any as its packed message (registering its type), anything else as itself. */
  private static Message unpack(Message message, TypeRegistry known, TypeRegistry.Builder types) {
    if (!message.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
      return message;
    }
    Any any = message instanceof Any packed ? packed : Any.newBuilder().mergeFrom(message).build();
    try {
      Descriptor type = known.getDescriptorForTypeUrl(any.getTypeUrl());
      if (type == null) {
        return message;
      }
      types.add(type);
      return DynamicMessage.parseFrom(type, any.getValue());
    } catch (InvalidProtocolBufferException unreadable) {
      return message;
    }
  }
}
