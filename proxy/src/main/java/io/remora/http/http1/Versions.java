package io.remora.http.http1;

import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** The HTTP version at the start of a status line or the end of a request line. */
final class Versions {
  private Versions() {}

  /** {@code HTTP/1.1} and {@code HTTP/1.0} as constants; another {@code HTTP/d.d} as a new version. */
  static HttpVersion parse(byte[] block, int from, int to) {
    int length = to - from;
    if (length == 8 && equalsAscii(HTTP_1_1, block, from, length)) {
      return HttpVersion.HTTP_1_1;
    }
    if (length == 8 && equalsAscii(HTTP_1_0, block, from, length)) {
      return HttpVersion.HTTP_1_0;
    }
    if (length == 8 && equalsAscii(PREFIX, block, from, 5) && isDigit(block[from + 5]) && block[from + 6] == '.'
        && isDigit(block[from + 7])) {
      return new HttpVersion("HTTP", block[from + 5] - '0', block[from + 7] - '0', true);
    }
    throw new Http1Decoder.BadMessageException("malformed HTTP version "
        + new String(block, from, Math.max(0, Math.min(length, 16)), StandardCharsets.ISO_8859_1));
  }

  private static final AsciiString HTTP_1_1 = AsciiString.cached("HTTP/1.1");
  private static final AsciiString HTTP_1_0 = AsciiString.cached("HTTP/1.0");
  private static final AsciiString PREFIX = AsciiString.cached("HTTP/");

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Whether {@code block[offset, offset + length)} is exactly {@code text}. */
  static boolean equalsAscii(AsciiString text, byte[] block, int offset, int length) {
    if (text.length() != length) {
      return false;
    }
    byte[] bytes = text.array();
    int from = text.arrayOffset();
    for (int i = 0; i < length; i++) {
      if (bytes[from + i] != block[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
