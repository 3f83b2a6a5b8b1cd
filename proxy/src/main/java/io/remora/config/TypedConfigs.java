package io.remora.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * {@link Any#is} and {@link Any#unpack} by the type's full name and its generated parser. Those
 * two ask the generated class for its descriptor, and the first such call builds the descriptors
 * of the class's proto file and all its imports with every custom option re-parsed: the bulk of
 * a start's CPU, which the loader's bundled descriptors otherwise avoid. The generated parser
 * reads the wire form without any descriptor.
 */
public final class TypedConfigs {
  private TypedConfigs() {}

  /** Whether {@code any} holds a {@code fullName}: the part of its type URL after the last '/'. */
  public static boolean is(Any any, String fullName) {
    String url = any.getTypeUrl();
    int slash = url.lastIndexOf('/');
    return slash >= 0 && url.length() - slash - 1 == fullName.length() && url.endsWith(fullName);
  }

  /**
   * The {@code fullName} message in {@code any}; fails as {@link Any#unpack} does, with the same
   * message, when it holds another type.
   */
  public static <T extends MessageLite> T unpack(Any any, String fullName, Parser<T> parser)
      throws InvalidProtocolBufferException {
    if (!is(any, fullName)) {
      throw new InvalidProtocolBufferException("Type of the Any message does not match the given class.");
    }
    return parser.parseFrom(any.getValue());
  }
}
