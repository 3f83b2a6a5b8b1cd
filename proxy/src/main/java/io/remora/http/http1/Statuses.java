package io.remora.http.http1;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's shared status constants by code, read from an array: {@link HttpResponseStatus#valueOf(int)}
 * is a switch over every code, and the codec asks for each response twice (decoding, encoding).
 */
final class Statuses {
  /** Codes below this that Netty has a constant for are in {@link #STANDARD}. */
  static final int LIMIT = 600;
  private static final HttpResponseStatus[] STANDARD = new HttpResponseStatus[LIMIT];

  static {
    for (int code = 100; code < LIMIT; code++) {
      HttpResponseStatus status = HttpResponseStatus.valueOf(code);
      if (status == HttpResponseStatus.valueOf(code)) { // a shared constant, not made per call
        STANDARD[code] = status;
      }
    }
  }

  private Statuses() {}

  /** Netty's constant for {@code code}, or null if it has none. */
  static HttpResponseStatus standard(int code) {
    return code >= 0 && code < LIMIT ? STANDARD[code] : null;
  }

  /** {@code code} as a status: the shared constant when there is one. */
  static HttpResponseStatus of(int code) {
    HttpResponseStatus status = standard(code);
    return status != null ? status : HttpResponseStatus.valueOf(code);
  }
}
