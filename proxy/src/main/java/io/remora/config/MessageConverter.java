package io.remora.config;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Builds protobuf messages from a node tree by walking descriptors, following the proto JSON
 * mapping (plus Envoy's leniencies), so that every error and every position names its source
 * line and column and its v3 field path.
 */
final class MessageConverter {
  private static final int MAX_ERRORS = 20;
  private static final Set<String> WRAPPERS = Set.of(
      "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue");
  /** Types whose JSON form is not an object, so inside an Any they sit under "value". */
  private static final Set<String> SCALAR_JSON_TYPES = Set.of(
      "google.protobuf.Duration", "google.protobuf.Timestamp", "google.protobuf.FieldMask",
      "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue");
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final MessageTypes types;
  private final String source;
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Mark> marks = new HashMap<>();
  private final Map<String, SourcePositions.FieldsSet> fieldsSet = new HashMap<>();

  MessageConverter(MessageTypes types, String source) {
    this.types = types;
    this.source = source;
  }

  /** Fills {@code builder} from {@code root}; read {@link #errors()} before trusting it. */
  void convert(MappingNode root, Message.Builder builder) {
    marks.put("", root.getStartMark());
    mergeMessage(root, builder, "");
    recordFieldsSet(builder, "");
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  Map<String, Mark> marks() {
    return Map.copyOf(marks);
  }

  /** The fields each converted message set, by path: what Unsupported would read off the wire. */
  Map<String, SourcePositions.FieldsSet> fieldsSet() {
    return Map.copyOf(fieldsSet);
  }

  private void recordFieldsSet(Message.Builder builder, String path) {
    // A DynamicMessage holds exactly the fields its wire form carries: setting a field without
    // presence to its default clears it, as the generated message would not write it.
    fieldsSet.put(path, new SourcePositions.FieldsSet(builder.getDescriptorForType().getFullName(),
        builder.getAllFields().keySet().stream().map(FieldDescriptor::getName).toList()));
  }

  private void mergeMessage(MappingNode node, Message.Builder builder, String path) {
    Descriptor type = builder.getDescriptorForType();
    Map<OneofDescriptor, String> oneofs = new HashMap<>();
    Set<String> present = new HashSet<>();
    boolean misspelled = false;
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String key = Nodes.text(keyNode);
      if (key == null) {
        error(keyNode, "expected a field name in %s, got %s", type.getFullName(),
            Nodes.describe(keyNode));
        continue;
      }
      FieldDescriptor field = FieldNames.find(type, key);
      Optional<NewerFields.NewerField> newer =
          field == null ? NewerFields.find(type, key) : Optional.empty();
      if (newer.isPresent()) {
        newerField(builder, newer.get(), tuple, path);
        continue;
      }
      if (field == null) {
        misspelled = true;
        error(keyNode, "unknown field '%s' in %s%s%s", key, type.getFullName(), at(path),
            FieldNames.suggest(type, key).map(name -> " (did you mean '" + name + "'?)")
                .orElse(""));
        continue;
      }
      String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
      if (!present.add(field.getName())) {
        error(keyNode, "field '%s' is set twice in %s%s", field.getName(), type.getFullName(),
            at(path));
        continue;
      }
      marks.put(fieldPath, keyNode.getStartMark());
      Node value = tuple.getValueNode();
      boolean nullValue = Nodes.isNull(value)
          && !(field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
              && field.getMessageType().getFullName().equals("google.protobuf.Value"));
      if (nullValue) {
        present.remove(field.getName());
        continue;
      }
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof != null) {
        String other = oneofs.putIfAbsent(oneof, field.getName());
        if (other != null) {
          error(keyNode, "fields '%s' and '%s' are both set, but only one of oneof '%s' may be%s",
              other, field.getName(), oneof.getName(), at(path));
          continue;
        }
      }
      if (field.getOptions().getDeprecated()) {
        warnings.add(Nodes.place(source, keyNode.getStartMark())
            + ": deprecated field '" + field.getName() + "' in " + type.getFullName());
      }
      setField(builder, field, value, fieldPath);
    }
    if (misspelled) {
      return; // the misspelled key is most likely the "missing" field: one error is enough
    }
    RequiredFields.missing(type, present).forEach(
        missing -> error(node, "missing %s in %s%s", missing, type.getFullName(), at(path)));
  }

  /** A field the bundled API lacks: converted all the same and kept by its field number. */
  private void newerField(
      Message.Builder builder, NewerFields.NewerField field, NodeTuple tuple, String path) {
    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
    marks.put(fieldPath, tuple.getKeyNode().getStartMark());
    if (!(tuple.getValueNode() instanceof SequenceNode list)) {
      error(tuple.getValueNode(), "expected a list for %s, got %s", fieldPath,
          Nodes.describe(tuple.getValueNode()));
      return;
    }
    Descriptor valueType = types.byFullName(field.valueType()).orElseThrow(
        () -> new IllegalStateException("no descriptor for " + field.valueType()));
    List<Message> values = new ArrayList<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      Node item = list.getValue().get(i);
      marks.put(fieldPath + "[" + i + "]", item.getStartMark());
      Message value =
          message(DynamicMessage.newBuilder(valueType), item, fieldPath + "[" + i + "]");
      if (value != null) {
        values.add(value);
      }
    }
    builder.mergeUnknownFields(NewerFields.encode(field, values));
    warnings.add(Nodes.place(source, tuple.getKeyNode().getStartMark()) + ": field '"
        + field.name() + "' in " + field.messageName()
        + " is newer than Remora's Envoy API; kept as field " + field.number());
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : " at " + path;
  }

  private void setField(Message.Builder builder, FieldDescriptor field, Node node, String path) {
    if (field.isMapField()) {
      if (!(node instanceof MappingNode map)) {
        error(node, "expected a mapping for %s, got %s", path, Nodes.describe(node));
        return;
      }
      FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
      FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
      for (NodeTuple tuple : map.getValue()) {
        Message.Builder entry = builder.newBuilderForField(field);
        String entryPath = path + "[" + Nodes.text(tuple.getKeyNode()) + "]";
        marks.put(entryPath, tuple.getKeyNode().getStartMark());
        Object key = value(keyField, tuple.getKeyNode(), entry, entryPath);
        Object value = value(valueField, tuple.getValueNode(), entry, entryPath);
        if (key != null && value != null) {
          builder.addRepeatedField(field,
              entry.setField(keyField, key).setField(valueField, value).build());
        }
      }
    } else if (field.isRepeated()) {
      if (!(node instanceof SequenceNode list)) {
        error(node, "expected a list for %s, got %s", path, Nodes.describe(node));
        return;
      }
      List<Node> items = list.getValue();
      for (int i = 0; i < items.size(); i++) {
        String itemPath = path + "[" + i + "]";
        marks.put(itemPath, items.get(i).getStartMark());
        Object value = value(field, items.get(i), builder, itemPath);
        if (value != null) {
          builder.addRepeatedField(field, value);
        }
      }
    } else {
      Object value = value(field, node, builder, path);
      if (value != null) {
        builder.setField(field, value);
      }
    }
  }

  /** The value for one (or one element of a) field, or null after reporting an error. */
  @Nullable
  private Object value(FieldDescriptor field, Node node, Message.Builder parent, String path) {
    return switch (field.getJavaType()) {
      case MESSAGE -> message(parent.newBuilderForField(field), node, path);
      case ENUM -> enumValue(field.getEnumType(), node, path);
      default -> scalar(field, node, path);
    };
  }

  @Nullable
  private Message message(Message.Builder builder, Node node, String path) {
    String typeName = builder.getDescriptorForType().getFullName();
    if (node instanceof ScalarNode scalar) {
      return switch (typeName) {
        case "google.protobuf.Duration" -> parsed(scalar, path, "a duration like '1.5s'",
            () -> Durations.parse(scalar.getValue()));
        case "google.protobuf.Timestamp" -> parsed(scalar, path,
            "an RFC 3339 timestamp", () -> Timestamps.parse(scalar.getValue()));
        case "google.protobuf.FieldMask" -> parsed(scalar, path, "a field mask",
            () -> FieldMaskUtil.fromJsonString(scalar.getValue()));
        case "google.protobuf.Value" -> structValue(node);
        default -> {
          if (WRAPPERS.contains(typeName)) {
            FieldDescriptor inner = builder.getDescriptorForType().findFieldByName("value");
            Object value = scalar(inner, node, path);
            yield value == null ? null : builder.setField(inner, value).build();
          }
          error(node, "expected a mapping for %s (%s), got %s", path, typeName,
              Nodes.describe(node));
          yield null;
        }
      };
    }
    switch (typeName) {
      case "google.protobuf.Any":
        return any(node, path);
      case "google.protobuf.Value":
        return structValue(node);
      case "google.protobuf.Struct":
        if (node instanceof MappingNode) {
          return structValue(node).getStructValue();
        }
        break;
      case "google.protobuf.ListValue":
        if (node instanceof SequenceNode) {
          return structValue(node).getListValue();
        }
        break;
      default:
        if (node instanceof MappingNode mapping) {
          mergeMessage(mapping, builder, path);
          recordFieldsSet(builder, path);
          return builder.build();
        }
    }
    error(node, "expected %s for %s (%s), got %s",
        typeName.equals("google.protobuf.ListValue") ? "a list" : "a mapping", path, typeName,
        Nodes.describe(node));
    return null;
  }

  /** An Any from {@code {"@type": URL, fields...}}; an empty mapping is an empty Any. */
  @Nullable
  private Message any(Node node, String path) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, "expected a mapping with '@type' for %s, got %s", path, Nodes.describe(node));
      return null;
    }
    NodeTuple typeTuple = Nodes.entry(mapping, "@type");
    if (typeTuple == null) {
      if (mapping.getValue().isEmpty()) {
        return Any.getDefaultInstance();
      }
      error(node, "missing '@type' in typed config %s", path);
      return null;
    }
    String typeUrl = Nodes.text(typeTuple.getValueNode());
    marks.put(path + ".@type", typeTuple.getKeyNode().getStartMark());
    Optional<Descriptor> type = typeUrl == null ? Optional.empty() : types.byTypeUrl(typeUrl);
    if (type.isEmpty()) {
      error(typeTuple.getValueNode(), "unknown type URL %s in '@type' of %s",
          Nodes.describe(typeTuple.getValueNode()), path);
      return null;
    }
    if (isV2(type.get())) {
      error(typeTuple.getValueNode(), "type URL '%s' in %s is from Envoy's v2 API, and Remora"
          + " knows no v3 type for it", typeUrl, path);
      return null;
    }
    DynamicMessage.Builder content = DynamicMessage.newBuilder(type.get());
    List<NodeTuple> fields = new ArrayList<>(mapping.getValue());
    fields.remove(typeTuple);
    Message message;
    if (SCALAR_JSON_TYPES.contains(type.get().getFullName())
        || WRAPPERS.contains(type.get().getFullName())) {
      NodeTuple value = Nodes.entry(mapping, "value");
      if (value == null) {
        error(node, "missing 'value' in typed config %s of type %s", path,
            type.get().getFullName());
        return null;
      }
      message = message(content, value.getValueNode(), path);
    } else {
      message = message(content, Nodes.mapping(fields, mapping), path);
    }
    return message == null ? null
        : Any.newBuilder().setTypeUrl(typeUrl).setValue(message.toByteString()).build();
  }

  /** Envoy's v3 packages all have a v3 segment (v3, v3alpha); the v2 ones never do. */
  private static boolean isV2(Descriptor type) {
    String packageName = type.getFile().getPackage();
    return packageName.startsWith("envoy.")
        && Arrays.stream(packageName.split("\\.")).noneMatch(part -> part.startsWith("v3"));
  }

  /** A Struct value from YAML as it stands: YAML's own tags say number, bool or null. */
  private static Value structValue(Node node) {
    if (node instanceof MappingNode mapping) {
      Struct.Builder struct = Struct.newBuilder();
      for (NodeTuple tuple : mapping.getValue()) {
        struct.putFields(String.valueOf(Nodes.text(tuple.getKeyNode())),
            structValue(tuple.getValueNode()));
      }
      return Value.newBuilder().setStructValue(struct).build();
    }
    if (node instanceof SequenceNode sequence) {
      ListValue.Builder list = ListValue.newBuilder();
      sequence.getValue().forEach(item -> list.addValues(structValue(item)));
      return Value.newBuilder().setListValue(list).build();
    }
    String text = Nodes.text(node);
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (tag.equals(Tag.BOOL)) {
      return Value.newBuilder().setBoolValue(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)))
          .build();
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      try {
        return Value.newBuilder().setNumberValue(Double.parseDouble(text)).build();
      } catch (NumberFormatException e) {
        // YAML 1.1 spellings such as 0x1F or .inf: keep the text rather than guess.
      }
    }
    return Value.newBuilder().setStringValue(text).build();
  }

  @Nullable
  private EnumValueDescriptor enumValue(EnumDescriptor type, Node node, String path) {
    String text = Nodes.text(node);
    if (text != null) {
      EnumValueDescriptor value = type.findValueByName(text);
      if (value != null) {
        return value;
      }
      for (EnumValueDescriptor candidate : type.getValues()) {
        if (candidate.getName().equalsIgnoreCase(text)) {
          return candidate;
        }
      }
      try {
        value = type.findValueByNumber(Integer.parseInt(text));
        if (value != null) {
          return value;
        }
      } catch (NumberFormatException e) {
        // Not a number either: reported below.
      }
    }
    error(node, "unknown value %s for %s; expected one of %s", Nodes.describe(node), path,
        type.getValues().stream().map(EnumValueDescriptor::getName)
            .collect(Collectors.joining(", ")));
    return null;
  }

  @Nullable
  private Object scalar(FieldDescriptor field, Node node, String path) {
    String text = Nodes.text(node);
    String expected = expected(field.getType());
    if (text == null) {
      error(node, "expected %s for %s, got %s", expected, path, Nodes.describe(node));
      return null;
    }
    try {
      return switch (field.getType()) {
        case INT32, SINT32, SFIXED32 -> integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE)
            .intValueExact();
        case UINT32, FIXED32 -> integer(text, 0, 0xFFFFFFFFL).intValue();
        case INT64, SINT64, SFIXED64 -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE)
            .longValueExact();
        case UINT64, FIXED64 -> unsigned64(text);
        case FLOAT -> (float) floating(text);
        case DOUBLE -> floating(text);
        case BOOL -> bool(text);
        case STRING -> text;
        case BYTES -> ByteString.copyFrom(bytes(text));
        default -> throw new IllegalStateException("not a scalar: " + field.getType());
      };
    } catch (IllegalArgumentException | ArithmeticException e) {
      error(node, "expected %s for %s, got %s", expected, path, Nodes.describe(node));
      return null;
    }
  }

  private static String expected(FieldDescriptor.Type type) {
    return switch (type) {
      case INT32, SINT32, SFIXED32, INT64, SINT64, SFIXED64 -> "an integer";
      case UINT32, FIXED32, UINT64, FIXED64 -> "a non-negative integer";
      case FLOAT, DOUBLE -> "a number";
      case BOOL -> "true or false";
      case BYTES -> "base64 bytes";
      default -> "a string";
    };
  }

  /** Proto JSON integers: numbers or strings, "1.0" allowed, anything out of range refused. */
  private static BigInteger integer(String text, long min, long max) {
    BigInteger value = new BigDecimal(text.trim()).toBigIntegerExact();
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ArithmeticException("out of range");
    }
    return value;
  }

  private static long unsigned64(String text) {
    BigInteger value = new BigDecimal(text.trim()).toBigIntegerExact();
    if (value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
      throw new ArithmeticException("out of range");
    }
    return value.longValue();
  }

  private static double floating(String text) {
    return switch (text.trim()) {
      case "Infinity", ".inf", ".Inf" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-.inf", "-.Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN", ".nan", ".NaN" -> Double.NaN;
      default -> Double.parseDouble(text.trim());
    };
  }

  /** Envoy reads v2 Structs leniently, so 'true' and 'false' as strings are bools too. */
  private static boolean bool(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("not a bool");
  }

  private static byte[] bytes(String text) {
    String trimmed = text.trim();
    return trimmed.contains("-") || trimmed.contains("_")
        ? Base64.getUrlDecoder().decode(trimmed)
        : Base64.getDecoder().decode(trimmed);
  }

  /** Parses a scalar of a well-known type; a parse failure becomes an error, not a throw. */
  @Nullable
  private Message parsed(ScalarNode node, String path, String expected, Parser parser) {
    try {
      return parser.parse();
    } catch (ParseException | IllegalArgumentException e) {
      error(node, "expected %s for %s, got %s", expected, path, Nodes.describe(node));
      return null;
    }
  }

  /** A well-known type's own parser. */
  private interface Parser {
    Message parse() throws ParseException;
  }

  private void error(Node at, String format, Object... arguments) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(Nodes.place(source, at.getStartMark()) + ": " + format.formatted(arguments));
    }
  }
}
