package io.remora.config;

import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses configs that set fields Remora does not implement yet, naming each one and where it
 * was written, rather than running with part of the config silently ignored.
 */
public final class Unsupported {
  private Unsupported() {}

  /**
   * One message per field set in {@code message} but not in {@code supportedFields}, like
   * {@code envoy.yaml:30:5: cluster 'x': field 'outlier_detection' is not supported by Remora
   * yet}.
   *
   * @param path the message's v3 path, as {@link Positions} takes it
   * @param subject how the message reads in an error, like {@code cluster 'x'}
   */
  public static List<String> check(
      MessageOrBuilder message, String path, String subject, Set<String> supportedFields,
      Positions positions) {
    List<String> problems = new ArrayList<>();
    for (String field : SetFields.names(message, path, positions)) {
      if (!supportedFields.contains(field)) {
        String fieldPath = path.isEmpty() ? field : path + "." + field;
        problems.add(positions.error(fieldPath,
            subject + ": field '" + field + "' is not supported by Remora yet"));
      }
    }
    return problems;
  }

  /** {@link #check}, throwing one exception that lists every unsupported field. */
  public static void require(
      MessageOrBuilder message, String path, String subject, Set<String> supportedFields,
      Positions positions) throws ConfigException {
    List<String> problems = check(message, path, subject, supportedFields, positions);
    if (!problems.isEmpty()) {
      throw ConfigException.of(problems);
    }
  }
}
