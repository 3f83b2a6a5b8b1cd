package io.remora.accesslog;

import io.remora.http.StreamInfo;
import java.util.List;

/**
 * Records one finished stream. Called on the stream's event loop, so implementations only format
 * and hand the line off; they never block and never throw.
 */
@FunctionalInterface
public interface AccessLog {
  /** Logs nothing: for an empty {@code access_log} list and for {@code /dev/null}. */
  AccessLog NONE = info -> {};

  void log(StreamInfo info);

  /** One access log that logs to each of {@code logs} in order. */
  static AccessLog all(List<AccessLog> logs) {
    List<AccessLog> copy = logs.stream().filter(log -> log != NONE).toList();
    if (copy.isEmpty()) {
      return NONE;
    }
    if (copy.size() == 1) {
      return copy.get(0);
    }
    AccessLog[] array = copy.toArray(AccessLog[]::new);
    return info -> {
      for (AccessLog log : array) {
        log.log(info);
      }
    };
  }
}
