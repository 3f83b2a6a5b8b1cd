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
    int position = 0;
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        out[position++] = '-';
      }
      long word = i < 16 ? high : low;
      int shift = (15 - (i % 16)) * 4;
      out[position++] = HEX[(int) ((word >>> shift) & 0xF)];
    }
    return new AsciiString(out, false);
  }
}
