package io.remora.http.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import io.remora.http.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * The header names most requests and responses carry, as shared lower-case constants: the
 * decoder maps a name it reads to one of these instead of making a new string, and code that
 * looks a header up with the same constant finds it by identity first.
 */
final class KnownHeaders {
  private static final int MAX_LENGTH = 40;
  /** By length, then first byte: the candidates to compare. */
  private static final AsciiString[][] BY_LENGTH = new AsciiString[MAX_LENGTH + 1][];
  /** The first byte of each candidate in {@link #BY_LENGTH}: most candidates fail on it without a call. */
  private static final byte[][] FIRST_BYTES = new byte[MAX_LENGTH + 1][];

  static {
    AsciiString[] known = {
        HttpHeaderNames.HOST, HttpHeaderNames.USER_AGENT, HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_ENCODING,
        HttpHeaderNames.ACCEPT_LANGUAGE, HttpHeaderNames.ACCEPT_CHARSET, HttpHeaderNames.ACCEPT_RANGES,
        HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.CONNECTION,
        HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.COOKIE, HttpHeaderNames.DATE, HttpHeaderNames.ETAG, HttpHeaderNames.EXPECT,
        HttpHeaderNames.EXPIRES, HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.IF_NONE_MATCH,
        HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.LAST_MODIFIED, HttpHeaderNames.LOCATION, HttpHeaderNames.ORIGIN,
        HttpHeaderNames.PRAGMA, HttpHeaderNames.RANGE, HttpHeaderNames.REFERER, HttpHeaderNames.SERVER,
        HttpHeaderNames.SET_COOKIE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.UPGRADE, HttpHeaderNames.VARY, HttpHeaderNames.VIA, HttpHeaderNames.X_REQUESTED_WITH,
        HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN,
        Headers.X_FORWARDED_FOR, Headers.X_FORWARDED_PROTO, Headers.X_REQUEST_ID, Headers.X_ENVOY_ORIGINAL_PATH,
        Headers.X_ENVOY_EXPECTED_RQ_TIMEOUT_MS, Headers.X_ENVOY_UPSTREAM_SERVICE_TIME, Headers.PROXY_CONNECTION};
    List<List<AsciiString>> byLength = new ArrayList<>();
    for (int i = 0; i <= MAX_LENGTH; i++) {
      byLength.add(new ArrayList<>());
    }
    for (AsciiString name : known) {
      byLength.get(name.length()).add(name);
    }
    for (int i = 0; i <= MAX_LENGTH; i++) {
      BY_LENGTH[i] = byLength.get(i).toArray(new AsciiString[0]);
      FIRST_BYTES[i] = new byte[BY_LENGTH[i].length];
      for (int c = 0; c < BY_LENGTH[i].length; c++) {
        FIRST_BYTES[i][c] = BY_LENGTH[i][c].byteAt(0);
      }
    }
  }

  private KnownHeaders() {}

  /**
   * The name in {@code block[offset, offset + length)} (already lower case) as a shared constant
   * when it is a known one, else null.
   */
  static AsciiString name(byte[] block, int offset, int length) {
    if (length <= MAX_LENGTH) {
      AsciiString[] candidates = BY_LENGTH[length];
      byte[] firstBytes = FIRST_BYTES[length];
      byte first = block[offset];
      for (int i = 0; i < candidates.length; i++) {
        if (firstBytes[i] == first && Versions.equalsAscii(candidates[i], block, offset, length)) {
          return candidates[i];
        }
      }
    }
    return null;
  }
}
