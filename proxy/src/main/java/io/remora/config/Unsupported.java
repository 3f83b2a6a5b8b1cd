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
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses configs that set fields Remora does not implement yet, naming each one and where it
 * was written, rather than running with part of the config silently ignored.
 */
public final class Unsupported {
  private Unsupported() {}

  /**
   * One message per field set in {@code message} but not in {@code supportedFields}, like
   * {@code envoy.yaml:30:5: cluster 'x': field 'outlier_detection' is not supported by Remora
   * yet}.
   *
   * @param path the message's v3 path, as {@link Positions} takes it
   * @param subject how the message reads in an error, like {@code cluster 'x'}
   */
  public static List<String> check(
      MessageOrBuilder message, String path, String subject, Set<String> supportedFields,
      Positions positions) {
    List<String> problems = new ArrayList<>();
    for (FieldDescriptor field : setFields(message)) {
      if (!supportedFields.contains(field.getName())) {
        String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
        problems.add(positions.error(fieldPath,
            subject + ": field '" + field.getName() + "' is not supported by Remora yet"));
      }
    }
    return problems;
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
   * A generated message class's descriptor, from its static {@code getDescriptor()}: the
   * instance method {@code getDescriptorForType()} builds the accessor table first. Looked up
   * through a method handle, which resolves one method rather than reflecting over all of them;
   * kept per class by the JDK (a memo of a fixed fact).
   */
  private static final ClassValue<Descriptor> DESCRIPTORS = new ClassValue<>() {
    @Override
    protected Descriptor computeValue(Class<?> type) {
      try {
        return (Descriptor) MethodHandles.publicLookup()
            .findStatic(type, "getDescriptor", MethodType.methodType(Descriptor.class)).invoke();
      } catch (Throwable notGenerated) {
        throw new IllegalStateException(type.getName() + " has no static getDescriptor()", notGenerated);
      }
    }
  };

  /** {@link #check}, throwing one exception that lists every unsupported field. */
  public static void require(
      MessageOrBuilder message, String path, String subject, Set<String> supportedFields,
      Positions positions) throws ConfigException {
    List<String> problems = check(message, path, subject, supportedFields, positions);
    if (!problems.isEmpty()) {
      throw ConfigException.of(problems);
    }
  }
}
