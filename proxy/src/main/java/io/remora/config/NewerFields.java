package io.remora.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fields that newer Envoy releases added after the bundled API jar was generated. The loader
 * keeps them as unknown fields under Envoy's field number, the bytes a newer generated class
 * would read, and the data plane reads them back here.
 */
public final class NewerFields {
  /**
   * One such field: where it is, its name and number, and the full name of its values' message
   * type (a name, not a descriptor: the loader looks it up among the types it builds).
   */
  record NewerField(String messageName, String name, int number, String valueType) {}

  /**
   * Admin {@code allow_paths} (Envoy 1.36+): the admin paths served, all others refused. Its
   * number is the one after {@code ignore_global_conn_limit = 6}, Admin's next free field.
   */
  private static final NewerField ADMIN_ALLOW_PATHS = new NewerField(
      "envoy.config.bootstrap.v3.Admin", "allow_paths", 7, "envoy.type.matcher.v3.StringMatcher");

  private static final List<NewerField> ALL = List.of(ADMIN_ALLOW_PATHS);

  private NewerFields() {}

  /** The repeated newer field {@code name} of {@code type}, if the loader knows one. */
  static Optional<NewerField> find(Descriptor type, String name) {
    return ALL.stream()
        .filter(field -> field.messageName().equals(type.getFullName())
            && field.name().equals(name))
        .findFirst();
  }

  /** The admin paths to serve, from {@code allow_paths}; empty means all paths. */
  public static List<StringMatcher> adminAllowPaths(Admin admin) {
    UnknownFieldSet.Field field =
        admin.getUnknownFields().getField(ADMIN_ALLOW_PATHS.number());
    List<StringMatcher> matchers = new ArrayList<>();
    for (var bytes : field.getLengthDelimitedList()) {
      try {
        matchers.add(StringMatcher.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("admin allow_paths is not a StringMatcher", e);
      }
    }
    return matchers;
  }

  /** {@code values} as the unknown field {@code field} would carry them on the wire. */
  static UnknownFieldSet encode(NewerField field, List<Message> values) {
    UnknownFieldSet.Field.Builder encoded = UnknownFieldSet.Field.newBuilder();
    values.forEach(value -> encoded.addLengthDelimited(value.toByteString()));
    return UnknownFieldSet.newBuilder().addField(field.number(), encoded.build()).build();
  }
}
