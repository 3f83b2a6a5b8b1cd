package io.remora.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.math.BigDecimal;

/** JSON output helpers: proto messages as Envoy prints them, and the bits of hand-built JSON. */
final class Json {
  private Json() {}

  /** Envoy's {@code MessageUtil::getJsonStringFromMessage}: proto field names, pretty-printed. */
  static String print(MessageOrBuilder message, boolean alwaysPrintPrimitiveFields) {
    return print(message, alwaysPrintPrimitiveFields, TypeRegistry.getEmptyTypeRegistry());
  }

  static String print(MessageOrBuilder message, boolean alwaysPrintPrimitiveFields, TypeRegistry types) {
    JsonFormat.Printer printer = JsonFormat.printer().preservingProtoFieldNames().usingTypeRegistry(types);
    if (alwaysPrintPrimitiveFields) {
      printer = printer.includingDefaultValueFields();
    }
    try {
      return printer.print(message) + "\n";
    } catch (InvalidProtocolBufferException unprintable) {
      // Only an Any of a type the registry does not know gets here: a broken invariant.
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), unprintable);
    }
  }

  /** A JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A JSON number; NaN (an empty interval) is null, as Envoy's JSON streamer writes it. */
  static String number(double value) {
    return Double.isNaN(value) ? "null" : plain(value);
  }

  /** A number as Envoy's fmt prints it: integers without ".0", no exponent, NaN as "nan". */
  static String plain(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
