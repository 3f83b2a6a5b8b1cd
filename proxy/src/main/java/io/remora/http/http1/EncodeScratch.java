package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.remora.internal.KeptBuffers;
import io.remora.http.HeaderBytes;
import io.remora.http.HeaderMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Where the encoders of one event loop build a message head (start line, header lines, chunk
 * lines) with plain array stores before copying it into a buffer in one call. Writing each
 * piece straight into Netty's adaptive direct buffers cost a bounds-, liveness- and
 * scope-checked copy per piece: ~13 % of the event loop's samples at a 6-byte body. Owned by
 * one event loop; an encoder copies what it built out before it calls into the pipeline, since
 * a write may run another connection's encoder on the same loop (writability events).
 *
 * <p>It also has the loop's {@link KeptBuffers}, which the encoders copy heads into instead of a
 * pooled buffer per message, and which its connections read into.
 */
public final class EncodeScratch {
  private static final int INITIAL_CAPACITY = 1024;
  /** A head larger than this (huge cookies) gets its array back to the initial size afterwards. */
  private static final int RETAINED_CAPACITY = 64 * 1024;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private int length;
  /** Whether the headers {@link #writeHeaders} wrote last say Transfer-Encoding: chunked. */
  private boolean chunked;
  private final KeptBuffers kept;

  /** {@code keptReads}: whether the loop's connections read into its kept buffers (see {@link KeptBuffers}). */
  public EncodeScratch(boolean keptReads) {
    kept = new KeptBuffers(keptReads);
  }

  /** A scratch whose kept buffers serve reads too. */
  public EncodeScratch() {
    this(true);
  }

  /** The loop's kept buffers: see {@link KeptBuffers#readAllocator()} for its connections' reads. */
  public KeptBuffers keptBuffers() {
    return kept;
  }

  /** Empties the scratch for a new head, shrinking it after an unusually large one. */
  void reset() {
    if (bytes.length > RETAINED_CAPACITY) {
      bytes = new byte[INITIAL_CAPACITY];
    }
    length = 0;
  }

  int length() {
    return length;
  }

  private void ensureRoom(int more) {
    if (length + more > bytes.length) {
      byte[] grown = new byte[Math.max(bytes.length * 2, length + more)];
      System.arraycopy(bytes, 0, grown, 0, length);
      bytes = grown;
    }
  }

  void write(byte[] source) {
    ensureRoom(source.length);
    System.arraycopy(source, 0, bytes, length, source.length);
    length += source.length;
  }

  void write(char first, char second) {
    ensureRoom(2);
    bytes[length++] = (byte) first;
    bytes[length++] = (byte) second;
  }

  void writeByte(char c) {
    ensureRoom(1);
    bytes[length++] = (byte) c;
  }

  void crlf() {
    write('\r', '\n');
  }

  /** The bytes of {@code data}'s readable part; its reader index stays. */
  void write(ByteBuf data) {
    int size = data.readableBytes();
    ensureRoom(size);
    data.getBytes(data.readerIndex(), bytes, length, size);
    length += size;
  }

  /**
   * {@code text} as single bytes: a {@link HeaderBytes} view's (what the decoder read) or an
   * {@link AsciiString}'s bytes as they are, any other character above 0xFF as {@code ?}, as
   * Netty writes ASCII.
   */
  void writeAscii(CharSequence text) {
    int size = text.length();
    ensureRoom(size);
    if (text instanceof HeaderBytes view) {
      System.arraycopy(view.array(), view.arrayOffset(), bytes, length, size);
    } else if (text instanceof AsciiString ascii) {
      System.arraycopy(ascii.array(), ascii.arrayOffset(), bytes, length, size);
    } else {
      for (int i = 0; i < size; i++) {
        bytes[length + i] = AsciiString.c2b(text.charAt(i));
      }
    }
    length += size;
  }

  /** {@code value} in lower-case hexadecimal (a chunk size). */
  void writeHex(long value) {
    int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    ensureRoom(digits);
    for (int i = digits - 1; i >= 0; i--) {
      int nibble = (int) (value >>> (4 * i)) & 0xF;
      bytes[length++] = (byte) (nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }
  }

  /**
   * Header lines, {@code name: value} each; a {@link HeaderMap} straight from its arrays.
   * Returns the Content-Length a header map names (a plain decimal), or -1; {@link #chunked()}
   * tells, afterwards, whether they said Transfer-Encoding: chunked (as
   * {@code HttpUtil.isTransferEncodingChunked} reads it, without a second look-up).
   */
  long writeHeaders(HttpHeaders headers) {
    long contentLength = -1;
    chunked = false;
    if (headers instanceof HeaderMap map) {
      for (int i = 0; i < map.size(); i++) {
        CharSequence name = map.nameAt(i);
        CharSequence value = map.valueAt(i);
        writeHeader(name, value);
        if (is(name, HttpHeaderNames.CONTENT_LENGTH)) {
          contentLength = decimal(value);
        }
        readChunked(name, value);
      }
      return contentLength;
    }
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      writeHeader(header.getKey(), header.getValue());
      readChunked(header.getKey(), header.getValue());
    }
    return contentLength;
  }

  /** Whether the last headers written said Transfer-Encoding: chunked. */
  boolean chunked() {
    return chunked;
  }

  private void readChunked(CharSequence name, CharSequence value) {
    if (!chunked && is(name, HttpHeaderNames.TRANSFER_ENCODING)) {
      chunked = HeaderMap.hasElement(value, HttpHeaderValues.CHUNKED, true);
    }
  }

  /** Whether {@code name} is {@code known}: the constant itself, or the same letters in any case. */
  private static boolean is(CharSequence name, AsciiString known) {
    return name == known || name.length() == known.length() && AsciiString.contentEqualsIgnoreCase(name, known);
  }

  private void writeHeader(CharSequence name, CharSequence value) {
    writeAscii(name);
    write(':', ' ');
    writeAscii(value);
    crlf();
  }

  /** {@code text} as a non-negative decimal below 10^18, or -1. */
  private static long decimal(CharSequence text) {
    int size = text.length();
    if (size == 0 || size > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < size; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * A buffer holding what was built, with {@code room} more bytes of capacity; the caller owns
   * it (one reference) as if it were new: a kept one that is free, else a new one from
   * {@code allocator}.
   */
  ByteBuf copyOut(ByteBufAllocator allocator, int room) {
    int size = length + room;
    ByteBuf buffer = size <= KeptBuffers.SIZE ? kept.take() : null;
    if (buffer == null) {
      buffer = allocator.buffer(size);
    }
    buffer.writeBytes(bytes, 0, length);
    return buffer;
  }

  /** Appends what was built to {@code buffer}, which has the room (see {@link #fitsIn}). */
  void copyInto(ByteBuf buffer) {
    buffer.writeBytes(bytes, 0, length);
  }

  /** Whether what was built fits in {@code buffer} without it growing. */
  boolean fitsIn(ByteBuf buffer) {
    return length <= buffer.maxFastWritableBytes();
  }
}
