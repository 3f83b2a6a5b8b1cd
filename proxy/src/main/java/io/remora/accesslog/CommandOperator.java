package io.remora.accesslog;

import io.remora.http.StreamInfo;

/** One compiled command operator, such as {@code %REQ(USER-AGENT):10%}. */
@FunctionalInterface
interface CommandOperator {
  /** The value for this stream, or null (or empty) when it is not set: the log prints '-'. */
  String value(StreamInfo info);

  /** This operator with its value cut to {@code maxLength} characters, Envoy's {@code :Z}. */
  default CommandOperator truncatedTo(int maxLength) {
    return info -> {
      String value = value(info);
      return value != null && value.length() > maxLength ? value.substring(0, maxLength) : value;
    };
  }
}
