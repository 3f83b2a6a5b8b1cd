package io.remora.greeter;

/** Writes the greeter's one-member JSON objects, escaping what the client sent. */
final class Json {
  private Json() {}

  /** Returns {@code {"name":"value"}} with both strings escaped. */
  static String object(String name, String value) {
    StringBuilder json = new StringBuilder(value.length() + name.length() + 8);
    json.append('{');
    appendString(json, name);
    json.append(':');
    appendString(json, value);
    json.append('}');
    return json.toString();
  }

  static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      switch (character) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          // Control characters must be escaped; U+2028/U+2029 too, so the output is also safe
          // to embed in JavaScript.
          if (character < 0x20 || character == '\u2028' || character == '\u2029') {
            json.append(String.format("\\u%04x", (int) character));
          } else {
            json.append(character);
          }
        }
      }
    }
    json.append('"');
  }
}
