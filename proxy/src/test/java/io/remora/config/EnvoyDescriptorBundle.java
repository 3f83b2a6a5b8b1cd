package io.remora.config;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@link EnvoyDescriptors#RESOURCE} from the generated classes of the api jar: the file
 * closure of the Bootstrap, of every typed config in {@link KnownExtensions} and of the v3
 * messages the v2 renames point to, with custom options dropped and the imports that only
 * those options needed (validate, udpa and envoy annotations) dropped too.
 */
final class EnvoyDescriptorBundle {
  private static final String WELL_KNOWN = "google/protobuf/";

  private EnvoyDescriptorBundle() {}

  /** The message types whose files (with their imports) the loader can reach. */
  static List<String> roots() {
    Set<String> roots = new LinkedHashSet<>();
    roots.add("envoy.config.bootstrap.v3.Bootstrap");
    for (Extensions.Extension extension : KnownExtensions.ALL) {
      roots.add(MessageTypes.fullName(extension.typeUrl()));
      if (extension.perRouteTypeUrl() != null) {
        roots.add(MessageTypes.fullName(extension.perRouteTypeUrl()));
      }
    }
    KnownExtensions.V2_MESSAGE_RENAMES.values().stream().sorted()
        .forEach(typeUrl -> roots.add(MessageTypes.fullName(typeUrl)));
    return List.copyOf(roots);
  }

  static FileDescriptorSet generate() {
    Map<String, FileDescriptorProto> stripped = new LinkedHashMap<>();
    List<FileDescriptor> rootFiles = new ArrayList<>();
    for (String root : roots()) {
      FileDescriptor file = MessageTypes.generatedDescriptor(root)
          .orElseThrow(() -> new IllegalStateException("no generated class for " + root)).getFile();
      rootFiles.add(file);
      collect(file, stripped);
    }
    Map<String, Set<String>> declared = new LinkedHashMap<>();
    stripped.forEach((name, file) -> declared.put(name, declaredTypes(file)));
    Map<String, FileDescriptorProto> pruned = new LinkedHashMap<>();
    stripped.forEach((name, file) -> pruned.put(name, withUsedImports(file, declared)));
    Map<String, FileDescriptorProto> ordered = new LinkedHashMap<>();
    rootFiles.forEach(file -> addAfterImports(file.getName(), pruned, ordered));
    return FileDescriptorSet.newBuilder().addAllFile(ordered.values()).build();
  }

  private static void collect(FileDescriptor file, Map<String, FileDescriptorProto> stripped) {
    if (stripped.containsKey(file.getName()) || file.getName().startsWith(WELL_KNOWN)) {
      return;
    }
    FileDescriptorProto proto = file.toProto();
    if (proto.getPublicDependencyCount() > 0 || proto.getWeakDependencyCount() > 0) {
      throw new IllegalStateException(file.getName() + " has public or weak imports; teach "
          + EnvoyDescriptorBundle.class.getSimpleName() + " to keep them");
    }
    try {
      // Parsed again without an extension registry, custom options are unknown fields.
      stripped.put(file.getName(),
          (FileDescriptorProto) withoutUnknownFields(FileDescriptorProto.parseFrom(proto.toByteString())));
    } catch (InvalidProtocolBufferException impossible) {
      throw new IllegalStateException(impossible);
    }
    file.getDependencies().forEach(dependency -> collect(dependency, stripped));
  }

  /** {@code message} with no unknown fields at any depth, and no options left empty. */
  static Message withoutUnknownFields(Message message) {
    Message.Builder builder = message.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance());
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (descriptor.isRepeated()) {
        List<?> values = (List<?>) field.getValue();
        for (int i = 0; i < values.size(); i++) {
          builder.setRepeatedField(descriptor, i, withoutUnknownFields((Message) values.get(i)));
        }
      } else {
        Message value = withoutUnknownFields((Message) field.getValue());
        if (descriptor.getName().equals("options") && value.getAllFields().isEmpty()) {
          builder.clearField(descriptor);
        } else {
          builder.setField(descriptor, value);
        }
      }
    }
    return builder.build();
  }

  /** {@code file} importing only the files that declare a type it uses. */
  private static FileDescriptorProto withUsedImports(
      FileDescriptorProto file, Map<String, Set<String>> declared) {
    Set<String> used = new HashSet<>();
    file.getMessageTypeList().forEach(message -> usedTypes(message, used));
    file.getExtensionList().forEach(extension -> usedTypes(extension, used));
    for (ServiceDescriptorProto service : file.getServiceList()) {
      for (MethodDescriptorProto method : service.getMethodList()) {
        used.add(method.getInputType());
        used.add(method.getOutputType());
      }
    }
    FileDescriptorProto.Builder builder = file.toBuilder().clearDependency();
    for (String dependency : file.getDependencyList()) {
      Set<String> types = dependency.startsWith(WELL_KNOWN)
          ? wellKnownTypes(dependency) : declared.get(dependency);
      if (types.stream().anyMatch(used::contains)) {
        builder.addDependency(dependency);
      }
    }
    return builder.build();
  }

  /** The full names, with the leading dot that type references carry, declared in a well-known file. */
  private static Set<String> wellKnownTypes(String name) {
    for (FileDescriptor file : List.of(com.google.protobuf.AnyProto.getDescriptor(),
        com.google.protobuf.DurationProto.getDescriptor(), com.google.protobuf.EmptyProto.getDescriptor(),
        com.google.protobuf.StructProto.getDescriptor(), com.google.protobuf.TimestampProto.getDescriptor(),
        com.google.protobuf.WrappersProto.getDescriptor(),
        com.google.protobuf.DescriptorProtos.getDescriptor())) {
      if (file.getName().equals(name)) {
        return declaredTypes(file.toProto());
      }
    }
    throw new IllegalStateException("an Envoy file imports " + name + ", which "
        + EnvoyDescriptors.class.getSimpleName() + " does not map to protobuf-java");
  }

  private static void usedTypes(DescriptorProto message, Set<String> used) {
    message.getFieldList().forEach(field -> usedTypes(field, used));
    message.getExtensionList().forEach(extension -> usedTypes(extension, used));
    message.getNestedTypeList().forEach(nested -> usedTypes(nested, used));
  }

  private static void usedTypes(FieldDescriptorProto field, Set<String> used) {
    if (field.hasTypeName()) {
      used.add(field.getTypeName());
    }
    if (field.hasExtendee()) {
      used.add(field.getExtendee());
    }
  }

  /** Every message and enum {@code file} declares, as ".package.Name" like type references. */
  private static Set<String> declaredTypes(FileDescriptorProto file) {
    Set<String> types = new HashSet<>();
    String prefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
    file.getMessageTypeList().forEach(message -> declaredTypes(prefix, message, types));
    file.getEnumTypeList().forEach(type -> types.add(prefix + type.getName()));
    return types;
  }

  private static void declaredTypes(String prefix, DescriptorProto message, Set<String> types) {
    String name = prefix + message.getName();
    types.add(name);
    message.getNestedTypeList().forEach(nested -> declaredTypes(name + ".", nested, types));
    for (EnumDescriptorProto type : message.getEnumTypeList()) {
      types.add(name + "." + type.getName());
    }
  }

  private static void addAfterImports(
      String name, Map<String, FileDescriptorProto> files, Map<String, FileDescriptorProto> ordered) {
    if (ordered.containsKey(name) || name.startsWith(WELL_KNOWN)) {
      return;
    }
    FileDescriptorProto file = files.get(name);
    file.getDependencyList().forEach(dependency -> addAfterImports(dependency, files, ordered));
    ordered.put(name, file);
  }
}
