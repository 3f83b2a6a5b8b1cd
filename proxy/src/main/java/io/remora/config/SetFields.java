package io.remora.config;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.GeneratedMessageV3;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields of a loaded config message are set, answered from what the loader recorded when
 * it built the message where it can be (see {@link Positions#fieldsSet}).
 *
 * <p>Why not ask the generated message: a generated message that has a map field, even an
 * empty one, builds the descriptors of its proto file and of every file that imports on the
 * first serialisation or map getter (the map's default entry needs them). For a Bootstrap that
 * is the whole API graph that the loader's bundled descriptors ({@link EnvoyDescriptors}) keep
 * off the start-up path: ~160 ms of a start's CPU on one core.
 */
public final class SetFields {
  private SetFields() {}

  /** The names of the fields set in {@code message}, the loaded message at {@code path}, by field number. */
  public static List<String> names(MessageOrBuilder message, String path, Positions positions) {
    Optional<List<String>> loaded = loaded(message, path, positions);
    return loaded.isPresent() ? loaded.get()
        : setFields(message).stream().map(FieldDescriptor::getName).toList();
  }

  /**
   * Whether the loader recorded {@code field} as unset in {@code message}, the loaded message
   * at {@code path}: then reading it (say, an empty map) can be skipped. False when not known.
   */
  public static boolean knownUnset(MessageOrBuilder message, String path, String field, Positions positions) {
    return loaded(message, path, positions).map(names -> !names.contains(field)).orElse(false);
  }

  private static Optional<List<String>> loaded(MessageOrBuilder message, String path, Positions positions) {
    if (!(message instanceof GeneratedMessageV3 generated)) {
      return Optional.empty();
    }
    return positions.fieldsSet(path, DESCRIPTORS.get(generated.getClass()).getFullName());
  }

  /**
   * The fields set in {@code message}, by field number: what {@code getAllFields()} lists.
   * For a generated message they are read off its wire form instead (a field is on the wire
   * exactly when it is set), because {@code getAllFields()} first builds the class's field
   * accessor table by reflection over every getter and setter of the message and its builder:
   * tens of milliseconds per message type on a start, for each of the dozen types Remora checks.
   */
  static List<FieldDescriptor> setFields(MessageOrBuilder message) {
    if (!(message instanceof GeneratedMessageV3 generated)) {
      return List.copyOf(message.getAllFields().keySet());
    }
    Set<Integer> numbers = new TreeSet<>();
    try {
      CodedInputStream wire = generated.toByteString().newCodedInput();
      for (int tag = wire.readTag(); tag != 0; tag = wire.readTag()) {
        numbers.add(WireFormat.getTagFieldNumber(tag));
        wire.skipField(tag);
      }
    } catch (IOException unreadable) {
      throw new IllegalStateException("a message's own serialization did not parse", unreadable);
    }
    Descriptor type = DESCRIPTORS.get(generated.getClass());
    List<FieldDescriptor> fields = new ArrayList<>();
    for (int number : numbers) {
      FieldDescriptor field = type.findFieldByNumber(number);
      if (field != null) { // else a field newer than Remora's API, kept as an unknown field
        fields.add(field);
      }
    }
    return fields;
  }

  /**
   * A generated message class's descriptor: the bundled one for an Envoy type, as the loader
   * uses (asking the class would build the api jar's descriptors, the bulk of a start's CPU
   * before the bundle); else from its static {@code getDescriptor()}, looked up through a method
   * handle, which resolves one method rather than reflecting over all of them (the instance
   * method {@code getDescriptorForType()} builds the accessor table first). Kept per class by
   * the JDK (a memo of a fixed fact).
   */
  private static final ClassValue<Descriptor> DESCRIPTORS = new ClassValue<>() {
    @Override
    protected Descriptor computeValue(Class<?> type) {
      return EnvoyDescriptors.bundled().forClass(type).orElseGet(() -> generated(type));
    }
  };

  private static Descriptor generated(Class<?> type) {
    try {
      return (Descriptor) MethodHandles.publicLookup()
          .findStatic(type, "getDescriptor", MethodType.methodType(Descriptor.class)).invoke();
    } catch (Throwable notGenerated) {
      throw new IllegalStateException(type.getName() + " has no static getDescriptor()", notGenerated);
    }
  }
}
