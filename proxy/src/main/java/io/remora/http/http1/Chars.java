package io.remora.http.http1;

/** Character classes of RFC 9110 the HTTP/1 codec checks. */
final class Chars {
  private static final boolean[] TOKEN = new boolean[128];
  /** For a token character, itself in lower case; 0 for anything else. */
  private static final byte[] LOWER_TOKEN = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[Character.toUpperCase(c)] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
    for (int c = 0; c < 128; c++) {
      LOWER_TOKEN[c] = TOKEN[c] ? (byte) Character.toLowerCase(c) : 0;
    }
  }

  private Chars() {}

  /** A {@code tchar}: what header names and methods are made of. */
  static boolean isTokenChar(byte b) {
    return b >= 0 && TOKEN[b];
  }

  /** {@code b} in lower case if it is a {@code tchar}, else 0. */
  static byte lowerToken(byte b) {
    return b < 0 ? 0 : LOWER_TOKEN[b];
  }

  /** A character allowed in a request target: visible ASCII (Envoy refuses raw non-ASCII bytes too). */
  static boolean isTargetChar(byte b) {
    return b > 0x20 && b != 0x7f;
  }
}
