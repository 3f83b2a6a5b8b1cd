package io.remora.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Remora's header map (Envoy's HeaderMap for HTTP/1): names and values in one flat array, in
 * arrival order, looked up by a linear case-insensitive scan. A request carries a handful to a
 * few dozen headers, where a scan over a contiguous array beats hashing, and a map costs one
 * array instead of Netty's hash buckets plus an entry object per header.
 *
 * <p>Names are kept as given: the HTTP/1 codec hands them over lower-cased (as Envoy's codec
 * does) and Remora's own code uses lower-case constants, so what leaves is lower case. Values
 * are any {@link CharSequence}. The codec copies a header block into the map's own array
 * ({@link #startBlock}) and adds {@link HeaderBytes} views of it, which the map keeps and
 * re-points when the codec reuses it for the connection's next message: a reused map allocates
 * nothing. What {@link #getRaw}, {@link #nameAt}, {@link #valueAt} and
 * {@link #iteratorCharSequence} return is therefore only valid while the message is (its stream
 * runs); {@link #get} and the other String-returning reads copy. Single-threaded, like the
 * stream that owns it; nothing is validated here (the codec validates what arrives from the
 * network).
 */
public final class HeaderMap extends HttpHeaders {
  private static final int DEFAULT_CAPACITY = 16;

  /** Name, value, name, value, ...: one array, so a map is two objects. */
  private CharSequence[] entries;
  private int size;
  /**
   * A 64-bit Bloom filter of the names added (one bit each, from the case-insensitive hash),
   * never cleared by a removal: most lookups on the proxy path are for headers a message does
   * not carry (connection, keep-alive, proxy-connection, upgrade, te, expect, transfer-encoding,
   * x-request-id ...; ~35 per proxied request, ~3 % of the event loop's samples as scans) and
   * end here without one.
   */
  private long names;
  /** What decoded names and values are views of: the header block, then values {@link #appendCopy} put in. */
  private byte[] block;
  private int blockLength;
  /** Views of {@link #block}, kept from message to message: {@link #startBlock} re-points them. */
  private HeaderBytes[] views = NO_VIEWS;
  private int viewsUsed;

  private static final HeaderBytes[] NO_VIEWS = {};
  /** Room left behind a header block for values the proxy adds (x-request-id). */
  private static final int ADDED_BYTES = 64;
  /** A block array larger than this (huge cookies) is not kept for the next message. */
  private static final int RETAINED_BLOCK = 16 * 1024;

  public HeaderMap() {
    this(DEFAULT_CAPACITY);
  }

  /** A map with room for {@code capacity} headers before it grows. */
  public HeaderMap(int capacity) {
    entries = new CharSequence[2 * Math.max(capacity, 2)];
  }

  /** The name at {@code index} (0 to {@link #size()} - 1), in arrival order. */
  public CharSequence nameAt(int index) {
    return entries[2 * index];
  }

  /** The value at {@code index} (0 to {@link #size()} - 1), in arrival order. */
  public CharSequence valueAt(int index) {
    return entries[2 * index + 1];
  }

  /**
   * Empties the map for a header block of {@code length} bytes and returns the array to copy it
   * into (at 0), with room behind it for values added later. The map's earlier views are reused:
   * for the codec that owns this map, once the message it last held is done with.
   */
  public byte[] startBlock(int length) {
    clear();
    viewsUsed = 0;
    int capacity = length + ADDED_BYTES;
    if (block == null || block.length < capacity || block.length > RETAINED_BLOCK && capacity <= RETAINED_BLOCK) {
      // Every view made so far lets go of the old array (and of any String it cached), or an
      // idle connection would keep a once-large header block through its unused views.
      for (int i = 0; i < views.length && views[i] != null; i++) {
        views[i].set(null, 0, 0);
      }
      block = new byte[capacity];
    }
    blockLength = length;
    return block;
  }

  /** Makes room for {@code headers} headers without growing on the way. */
  public void ensureCapacity(int headers) {
    if (entries.length < 2 * headers) {
      entries = Arrays.copyOf(entries, 2 * headers);
    }
  }

  /** A view of {@code [offset, offset + length)} of the array {@link #startBlock} returned, until the next block. */
  public HeaderBytes view(int offset, int length) {
    if (viewsUsed == views.length) {
      views = Arrays.copyOf(views, Math.max(8, 2 * views.length));
    }
    HeaderBytes view = views[viewsUsed];
    if (view == null) {
      view = new HeaderBytes();
      views[viewsUsed] = view;
    }
    viewsUsed++;
    view.set(block, offset, length);
    return view;
  }

  /**
   * Appends {@code name} with a copy of {@code source[offset, offset + length)} as its value: into
   * the map's block behind the header bytes (no object per value once the map is reused), or as
   * an {@link AsciiString} for a map that holds no block.
   */
  public HeaderMap appendCopy(CharSequence name, byte[] source, int offset, int length) {
    if (block == null) {
      return append(name, new AsciiString(source, offset, length, true));
    }
    if (blockLength + length > block.length) {
      // Views made so far keep the old array, which nothing writes again.
      block = Arrays.copyOf(block, Math.max(2 * block.length, blockLength + length));
    }
    System.arraycopy(source, offset, block, blockLength, length);
    HeaderBytes value = view(blockLength, length);
    blockLength += length;
    return append(name, value);
  }

  /** The bit of {@code name} (its case-insensitive hash, cached by an {@link AsciiString} or view) in {@link #names}. */
  private static long nameBit(CharSequence name) {
    int hash = name instanceof HeaderBytes view ? view.asciiHashCode() : AsciiString.hashCode(name);
    return 1L << ((hash * 0x9E3779B9) >>> 26);
  }

  /** The first index at or after {@code from} whose name equals {@code name} ignoring case, or -1. */
  public int indexOf(CharSequence name, int from) {
    if ((names & nameBit(name)) == 0) {
      return -1;
    }
    int length = name.length();
    // AsciiString caches a case-insensitive hash: different hashes settle most comparisons.
    int hash = name instanceof AsciiString ascii ? ascii.hashCode() : 0;
    for (int i = from; i < size; i++) {
      CharSequence candidate = entries[2 * i];
      if (candidate == name) {
        return i;
      }
      if (candidate.length() != length
          || hash != 0 && candidate instanceof AsciiString other && other.hashCode() != hash
          || hash != 0 && candidate instanceof HeaderBytes view && view.asciiHashCode() != hash) {
        continue;
      }
      if (AsciiString.contentEqualsIgnoreCase(candidate, name)) {
        return i;
      }
    }
    return -1;
  }

  /** The first value of {@code name} as it is stored (no copy), or null. */
  public CharSequence getRaw(CharSequence name) {
    int index = indexOf(name, 0);
    return index < 0 ? null : entries[2 * index + 1];
  }

  /** Appends without looking for an existing header of that name. */
  public HeaderMap append(CharSequence name, CharSequence value) {
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
    }
    entries[2 * size] = name;
    entries[2 * size + 1] = value;
    size++;
    names |= nameBit(name);
    return this;
  }

  private static CharSequence text(Object value) {
    if (value instanceof HeaderBytes view) {
      return view.toAsciiString(); // a view lives only as long as its own message
    }
    if (value instanceof CharSequence chars) {
      return chars;
    }
    if (value instanceof Date date) {
      return DateFormatter.format(date);
    }
    if (value == null) {
      throw new NullPointerException("header value");
    }
    return value.toString();
  }

  // ---- reads ----

  @Override
  public String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public String get(CharSequence name) {
    CharSequence value = getRaw(name);
    return value == null ? null : value.toString();
  }

  @Override
  public Integer getInt(CharSequence name) {
    CharSequence value = getRaw(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer value = getInt(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public Short getShort(CharSequence name) {
    Integer value = getInt(name);
    return value == null || value != value.shortValue() ? null : value.shortValue();
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short value = getShort(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    CharSequence value = getRaw(name);
    Date date = value == null ? null : DateFormatter.parseHttpDate(value);
    return date == null ? null : date.getTime();
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    Long value = getTimeMillis(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    List<String> all = new ArrayList<>(2);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      all.add(entries[2 * i + 1].toString());
    }
    return all;
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(new AbstractMap.SimpleImmutableEntry<>(nameAt(i).toString(), valueAt(i).toString()));
    }
    return list;
  }

  @Override
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name) {
    return indexOf(name, 0) >= 0;
  }

  /** Whether a header {@code name} has exactly {@code value} (whole values, as Netty's contract says). */
  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      CharSequence candidate = entries[2 * i + 1];
      if (candidate.length() == value.length() && regionMatches(candidate, 0, value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean contains(String name, String value, boolean ignoreCase) {
    return contains((CharSequence) name, value, ignoreCase);
  }

  /** Whether a header {@code name} has a comma-separated element equal to {@code value}. */
  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (hasElement(entries[2 * i + 1], value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the comma-separated list {@code list} has an element (trimmed) equal to {@code element}. */
  public static boolean hasElement(CharSequence list, CharSequence element, boolean ignoreCase) {
    int length = list.length();
    int start = 0;
    while (start <= length) {
      int end = start;
      while (end < length && list.charAt(end) != ',') {
        end++;
      }
      int from = start;
      int to = end;
      while (from < to && isSpace(list.charAt(from))) {
        from++;
      }
      while (to > from && isSpace(list.charAt(to - 1))) {
        to--;
      }
      if (to - from == element.length() && regionMatches(list, from, element, ignoreCase)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean regionMatches(CharSequence text, int offset, CharSequence other, boolean ignoreCase) {
    for (int i = 0; i < other.length(); i++) {
      char a = text.charAt(offset + i);
      char b = other.charAt(i);
      if (a != b && (!ignoreCase || AsciiString.toLowerCase(a) != AsciiString.toLowerCase(b))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Map.Entry<CharSequence, CharSequence> next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        Map.Entry<CharSequence, CharSequence> entry = new AbstractMap.SimpleImmutableEntry<>(nameAt(next), valueAt(next));
        next++;
        return entry;
      }
    };
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<String> names() {
    Set<String> set = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      set.add(nameAt(i).toString());
    }
    return set;
  }

  // ---- writes ----

  @Override
  public HttpHeaders add(String name, Object value) {
    return add((CharSequence) name, value);
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    return append(name, text(value));
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    return add((CharSequence) name, values);
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    for (Object value : values) {
      append(name, text(value));
    }
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    return append(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    return append(name, Short.toString(value));
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  /** Replaces every header {@code name} with one, in the place of the first. */
  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    CharSequence text = text(value);
    int first = indexOf(name, 0);
    if (first < 0) {
      return append(name, text);
    }
    entries[2 * first] = name;
    entries[2 * first + 1] = text;
    removeFrom(name, first + 1);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    return set((CharSequence) name, values);
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    remove(name);
    return add(name, values);
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    return set(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    return set(name, Short.toString(value));
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    int first = indexOf(name, 0);
    if (first >= 0) {
      removeFrom(name, first);
    }
    return this;
  }

  /** Removes every header {@code name} at or after {@code from}, keeping the others' order. */
  private void removeFrom(CharSequence name, int from) {
    int kept = from;
    for (int i = from; i < size; i++) {
      CharSequence candidate = entries[2 * i];
      boolean match = candidate.length() == name.length() && AsciiString.contentEqualsIgnoreCase(candidate, name);
      if (!match) {
        entries[2 * kept] = candidate;
        entries[2 * kept + 1] = entries[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(entries, 2 * kept, 2 * size, null);
    size = kept;
  }

  @Override
  public HttpHeaders set(HttpHeaders headers) {
    return headers == this ? this : super.set(headers);
  }

  @Override
  public HttpHeaders clear() {
    Arrays.fill(entries, 0, 2 * size, null);
    size = 0;
    names = 0;
    return this;
  }

  @Override
  public HttpHeaders copy() {
    HeaderMap copy = new HeaderMap(Math.max(size, DEFAULT_CAPACITY));
    for (int i = 0; i < 2 * size; i++) {
      CharSequence text = entries[i];
      copy.entries[i] = text instanceof HeaderBytes view ? view.toAsciiString() : text;
    }
    copy.size = size;
    copy.names = names;
    return copy;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("HeaderMap[");
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? "" : ", ").append(nameAt(i)).append(": ").append(valueAt(i));
    }
    return text.append(']').toString();
  }
}
