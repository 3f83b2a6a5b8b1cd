package io.remora.config;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses config fields that Remora does not implement yet, instead of ignoring them: a user
 * must never believe a feature is on when it is not.
 */
public final class Unsupported {
  private Unsupported() {}

  /**
   * Throws naming every field set in {@code message} that is not in {@code supported}, e.g.
   * {@code envoy.yaml:30:5: cluster 'x': field 'outlier_detection' is not supported by Remora yet}.
   */
  public static void check(MessageOrBuilder message, String path, Positions positions, String what, Set<String> supported)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    for (FieldDescriptor field : message.getAllFields().keySet()) {
      if (!supported.contains(field.getName())) {
        problems.add(positions.error(path + "." + field.getName(),
            what + ": field '" + field.getName() + "' is not supported by Remora yet"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
  }
}
