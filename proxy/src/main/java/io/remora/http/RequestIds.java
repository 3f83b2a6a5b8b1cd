package io.remora.http;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUIDs for {@code x-request-id}, without SecureRandom's cost on an event loop. */
public final class RequestIds {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private RequestIds() {}

  /** As an {@link AsciiString} over its own bytes: one small array, no copy into a String. */
  public static AsciiString next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    byte[] out = new byte[36];
    // 8-4-4-4-12 hex digits; each group written from the bits it shows, no per-digit branches.
    hex(out, 0, high, 60, 8);
    out[8] = '-';
    hex(out, 9, high, 28, 4);
    out[13] = '-';
    hex(out, 14, high, 12, 4);
    out[18] = '-';
    hex(out, 19, low, 60, 4);
    out[23] = '-';
    hex(out, 24, low, 44, 12);
    return new AsciiString(out, false);
  }

  /** {@code digits} hex digits of {@code word}, the first from the nibble at {@code shift}. */
  private static void hex(byte[] out, int at, long word, int shift, int digits) {
    for (int i = 0; i < digits; i++) {
      out[at + i] = HEX[(int) (word >>> (shift - 4 * i)) & 0xF];
    }
  }
}
