package io.remora.greeter;

import java.io.ByteArrayOutputStream;

/**
 * Decodes a URL path segment: {@code %XX} escapes to UTF-8 bytes, and nothing else ({@code +}
 * stays a plus sign, unlike {@link java.net.URLDecoder}, which decodes form data).
 */
final class PercentDecoding {
  private PercentDecoding() {}

  static String decode(String segment) throws BadRequestException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int index = 0; index < segment.length(); index++) {
      char character = segment.charAt(index);
      if (character != '%') {
        // The server reads the request line as ISO-8859-1, so one char is one byte as sent;
        // raw UTF-8 in the path is decoded below like percent-encoded UTF-8.
        if (character > 0xff) {
          throw new BadRequestException("invalid character in the username");
        }
        bytes.write(character);
        continue;
      }
      int high = index + 2 < segment.length() ? Character.digit(segment.charAt(index + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(segment.charAt(index + 2), 16) : -1;
      if (low < 0) {
        throw new BadRequestException("invalid percent-encoding in the username");
      }
      bytes.write(high * 16 + low);
      index += 2;
    }
    return HelloHandler.decodeUtf8(bytes.toByteArray(), "the username is not valid UTF-8");
  }
}
