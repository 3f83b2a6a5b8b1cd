package io.remora.http;

import io.netty.util.AsciiString;

/**
 * Header names Remora sets or reads on every request, as {@link AsciiString}s: their
 * case-insensitive hash is computed once, not on every header-map lookup.
 */
public final class Headers {
  public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  public static final AsciiString X_ENVOY_ORIGINAL_PATH = AsciiString.cached("x-envoy-original-path");
  public static final AsciiString X_ENVOY_EXPECTED_RQ_TIMEOUT_MS = AsciiString.cached("x-envoy-expected-rq-timeout-ms");
  public static final AsciiString X_ENVOY_UPSTREAM_SERVICE_TIME = AsciiString.cached("x-envoy-upstream-service-time");
  public static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  public static final AsciiString HTTP = AsciiString.cached("http");

  /** Decimal numbers 0 to 1023 as header values: service times in milliseconds are mostly small. */
  private static final AsciiString[] SMALL_NUMBERS = new AsciiString[1024];

  static {
    for (int i = 0; i < SMALL_NUMBERS.length; i++) {
      SMALL_NUMBERS[i] = AsciiString.cached(Integer.toString(i));
    }
  }

  private Headers() {}

  /** {@code value} in decimal, shared for small values instead of made anew per request. */
  public static CharSequence number(long value) {
    return value >= 0 && value < SMALL_NUMBERS.length ? SMALL_NUMBERS[(int) value] : Long.toString(value);
  }
}
