package io.remora.http;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * A header name or value as a view of the bytes a {@link HeaderMap} holds (the header block as
 * it arrived): no object per header per message, since a map that is reused for its
 * connection's next message re-points its views instead of making new ones. So a view is only
 * valid while the message it came from is: whoever keeps a header past its stream keeps
 * {@link #toString()} or {@link #toAsciiString()}, never the view. Single bytes as characters
 * (ISO-8859-1), as {@link AsciiString}.
 */
public final class HeaderBytes implements CharSequence {
  private byte[] array;
  private int offset;
  private int length;
  /** {@link AsciiString#hashCode(CharSequence)} of the content, or 0 until asked. */
  private int hash;
  /** The content as a String, once asked. */
  private String string;

  HeaderBytes() {}

  void set(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
    hash = 0;
    string = null;
  }

  /** The array the view reads; with {@link #arrayOffset()}, for copying without a call per byte. */
  public byte[] array() {
    return array;
  }

  public int arrayOffset() {
    return offset;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) (array[offset + index] & 0xFF);
  }

  /** A copy: a view of a view would not outlive the message either. */
  @Override
  public CharSequence subSequence(int start, int end) {
    return toAsciiString().subSequence(start, end);
  }

  /** The case-insensitive hash {@link AsciiString} gives the same content (what a map's name lookups compare). */
  int asciiHashCode() {
    int h = hash;
    if (h == 0) {
      h = AsciiString.hashCode(this);
      hash = h;
    }
    return h;
  }

  /** A copy of the content that outlives the message. */
  public AsciiString toAsciiString() {
    return new AsciiString(array, offset, length, true);
  }

  @Override
  public String toString() {
    String text = string;
    if (text == null) {
      text = new String(array, offset, length, StandardCharsets.ISO_8859_1);
      string = text;
    }
    return text;
  }
}
