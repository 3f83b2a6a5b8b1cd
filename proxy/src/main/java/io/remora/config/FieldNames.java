package io.remora.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Comparator;
import java.util.Optional;
import javax.annotation.Nullable;

/** Looks fields up the way proto JSON does (snake_case or lowerCamel) and suggests near misses. */
final class FieldNames {
  private FieldNames() {}

  /** The field called {@code key} in its proto name or its JSON name, or null. */
  @Nullable
  static FieldDescriptor find(Descriptor type, String key) {
    FieldDescriptor field = type.findFieldByName(key);
    if (field != null) {
      return field;
    }
    for (FieldDescriptor candidate : type.getFields()) {
      if (candidate.getJsonName().equals(key)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The field name the user most likely meant: the nearest by edit distance when it is close,
   * else the shortest name that starts with (or contains) what was written.
   */
  static Optional<String> suggest(Descriptor type, String key) {
    String written = snakeCase(key);
    Optional<String> nearest =
        type.getFields().stream()
            .map(FieldDescriptor::getName)
            .min(Comparator.comparingInt(name -> editDistance(written, name)));
    if (nearest.isPresent()
        && editDistance(written, nearest.get()) <= Math.max(2, written.length() / 3)) {
      return nearest;
    }
    Optional<String> prefixed = shortest(type, name -> name.startsWith(written));
    return prefixed.isPresent() ? prefixed : shortest(type, name -> name.contains(written));
  }

  private static Optional<String> shortest(
      Descriptor type, java.util.function.Predicate<String> accept) {
    return type.getFields().stream()
        .map(FieldDescriptor::getName)
        .filter(accept)
        .min(Comparator.comparingInt(String::length));
  }

  static String snakeCase(String name) {
    StringBuilder snake = new StringBuilder(name.length() + 4);
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  static int editDistance(String from, String to) {
    int[] previous = new int[to.length() + 1];
    int[] current = new int[to.length() + 1];
    for (int j = 0; j <= to.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= from.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= to.length(); j++) {
        int substitution = previous[j - 1] + (from.charAt(i - 1) == to.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[to.length()];
  }
}
