package io.remora.route;

import java.nio.charset.StandardCharsets;

/**
 * Text as Envoy compares it: bytes, with case folded for ASCII letters only. Request paths and
 * header values reach Remora as bytes read one char per byte (ISO-8859-1); config strings are
 * Unicode, so a config string is turned into the same one-char-per-byte view of its UTF-8 bytes
 * before they are compared.
 */
final class Ascii {
  private Ascii() {}

  /** The one-char-per-byte view of {@code text}'s UTF-8 bytes (the same string when it is ASCII). */
  static String wire(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return text;
  }

  /** {@code text} with A-Z lower-cased and nothing else changed. */
  static String toLowerCase(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = text.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = lower(chars[j]);
        }
        return new String(chars);
      }
    }
    return text;
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Whether {@code subject} starts with {@code lowerPrefix} (already lower case), folding A-Z only. */
  static boolean startsWithIgnoreCase(String subject, String lowerPrefix) {
    if (subject.length() < lowerPrefix.length()) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length(); i++) {
      if (lower(subject.charAt(i)) != lowerPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
