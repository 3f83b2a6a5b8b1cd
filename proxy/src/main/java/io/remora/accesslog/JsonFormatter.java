package io.remora.accesslog;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.remora.config.ConfigException;
import io.remora.http.StreamInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Envoy's {@code json_format}: a struct whose string values are format strings, printed as one
 * compact JSON object per line. Keys keep the config's order unless {@code sort_properties}.
 */
final class JsonFormatter implements AccessLogFormatter {
  /** One key of the object, with either a format or a nested object. */
  private record Property(String quotedKey, FormatTemplate template, JsonFormatter nested) {}

  private final Property[] properties;
  private final boolean omitEmptyValues;

  private JsonFormatter(List<Property> properties, boolean omitEmptyValues) {
    this.properties = properties.toArray(Property[]::new);
    this.omitEmptyValues = omitEmptyValues;
  }

  static JsonFormatter compile(Struct format, boolean omitEmptyValues, boolean sortProperties)
      throws ConfigException {
    return compile(format, omitEmptyValues, sortProperties, "json_format");
  }

  private static JsonFormatter compile(
      Struct format, boolean omitEmptyValues, boolean sortProperties, String path)
      throws ConfigException {
    Map<String, Value> fields =
        sortProperties ? new TreeMap<>(format.getFieldsMap()) : format.getFieldsMap();
    List<Property> properties = new ArrayList<>(fields.size());
    for (Map.Entry<String, Value> field : fields.entrySet()) {
      String key = field.getKey();
      Value value = field.getValue();
      StringBuilder quotedKey = new StringBuilder();
      appendQuoted(quotedKey, key);
      switch (value.getKindCase()) {
        case STRING_VALUE:
          properties.add(
              new Property(
                  quotedKey.toString(),
                  FormatTemplate.compile(value.getStringValue(), omitEmptyValues ? "" : "-"),
                  null));
          break;
        case STRUCT_VALUE:
          properties.add(
              new Property(
                  quotedKey.toString(),
                  null,
                  compile(
                      value.getStructValue(), omitEmptyValues, sortProperties, path + "." + key)));
          break;
        default:
          throw new ConfigException(
              "access log "
                  + path
                  + "."
                  + key
                  + ": only strings (format strings) and nested objects are supported, not "
                  + value.getKindCase().name().toLowerCase(Locale.ROOT));
      }
    }
    return new JsonFormatter(properties, omitEmptyValues);
  }

  @Override
  public String format(StreamInfo info) {
    StringBuilder out = new StringBuilder(64 * properties.length + 2);
    appendObject(out, info);
    return out.append('\n').toString();
  }

  private void appendObject(StringBuilder out, StreamInfo info) {
    out.append('{');
    boolean first = true;
    for (Property property : properties) {
      int mark = out.length();
      if (!first) {
        out.append(',');
      }
      out.append(property.quotedKey()).append(':');
      if (property.nested() != null) {
        property.nested().appendObject(out, info);
      } else {
        String value = property.template().render(info);
        if (omitEmptyValues && value.isEmpty()) {
          out.setLength(mark);
          continue;
        }
        appendQuoted(out, value);
      }
      first = false;
    }
    out.append('}');
  }

  /** Appends {@code text} as a JSON string. */
  static void appendQuoted(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
