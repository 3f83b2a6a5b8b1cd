package io.remora.http;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUIDs for {@code x-request-id}, without SecureRandom's cost on an event loop. */
public final class RequestIds {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private RequestIds() {}

  /** The length of an id: 32 hex digits and 4 dashes. */
  public static final int LENGTH = 36;

  /** As an {@link AsciiString} over its own bytes: one small array, no copy into a String. */
  public static AsciiString next() {
    byte[] out = new byte[LENGTH];
    write(out, 0);
    return new AsciiString(out, false);
  }

  /** Writes a new id into {@code out[at, at + LENGTH)}: no object at all. */
  public static void write(byte[] out, int at) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    // 8-4-4-4-12 hex digits; each group written from the bits it shows, no per-digit branches.
    hex(out, at, high, 60, 8);
    out[at + 8] = '-';
    hex(out, at + 9, high, 28, 4);
    out[at + 13] = '-';
    hex(out, at + 14, high, 12, 4);
    out[at + 18] = '-';
    hex(out, at + 19, low, 60, 4);
    out[at + 23] = '-';
    hex(out, at + 24, low, 44, 12);
  }

  /** {@code digits} hex digits of {@code word}, the first from the nibble at {@code shift}. */
  private static void hex(byte[] out, int at, long word, int shift, int digits) {
    for (int i = 0; i < digits; i++) {
      out[at + i] = HEX[(int) (word >>> (shift - 4 * i)) & 0xF];
    }
  }
}
