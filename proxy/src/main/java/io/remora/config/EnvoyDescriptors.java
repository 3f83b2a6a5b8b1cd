package io.remora.config;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WireFormat;
import com.google.protobuf.WrappersProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Envoy API's message descriptors that the loader walks, built from a bundle of the API's
 * file descriptors shipped in Remora's jar, one file (and its imports) when first reached.
 *
 * <p>Why not the generated classes' own descriptors: each generated {@code XxxProto} class
 * builds its file descriptor in its static initialiser and then re-parses every option of the
 * file with the registry of the validate and udpa annotations. For the Bootstrap's ~70 files
 * that was ~60 % of the JFR samples of a start; without them a start pinned to one core uses
 * ~425 instead of ~585 ms of CPU up to the first response, the bundle ~60 ms of it. The
 * bundle holds the same files with standard options only (deprecated, map_entry, packed,
 * java_package...) and without the annotation files they imported just for options, so
 * building one is a plain cross-link. The generated classes still parse and hold the messages; they need no
 * descriptors for that.
 *
 * <p>The bundle is {@value #RESOURCE}, next to this class: a {@code FileDescriptorSet}, every
 * file after its imports. {@code EnvoyDescriptorsTest} writes it from the api jar and fails the
 * build when it is out of date or differs in any field from the generated descriptors.
 *
 * <p>One instance per class loader, {@link #bundled()}: its files built so far are a cache of
 * an immutable resource, safe to share.
 */
final class EnvoyDescriptors {
  static final String RESOURCE = "envoy-descriptors.pb";

  /** Each file's bytes; parsed when the file is first built (57 of the 115 for a Bootstrap). */
  private final Map<String, ByteString> files;
  private final List<String> fileNames;
  /** Top-level message full name to the name of the file that declares it. */
  private final Map<String, String> fileOfType;
  /** Generated top-level class name (io.envoyproxy...Cluster) to the message full name. */
  private final Map<String, String> typeOfClass;
  /** Guarded by this. */
  private final Map<String, FileDescriptor> built = new HashMap<>();

  /**
   * Indexes {@code bundle}, a serialised FileDescriptorSet, by reading of each file only its
   * name, package, Java options and top-level message names: parsing every file in full was
   * half of the cost of the bundle on a start (~20 of ~45 ms of CPU), for files most configs
   * never reach.
   */
  EnvoyDescriptors(byte[] bundle) throws IOException {
    Map<String, ByteString> byName = new HashMap<>();
    List<String> names = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    Map<String, String> classes = new HashMap<>();
    CodedInputStream set = CodedInputStream.newInstance(bundle);
    set.enableAliasing(true);
    for (int tag = set.readTag(); tag != 0; tag = set.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != FileDescriptorSet.FILE_FIELD_NUMBER) {
        set.skipField(tag);
        continue;
      }
      ByteString bytes = set.readBytes();
      FileHeader file = FileHeader.read(bytes);
      byName.put(file.name, bytes);
      names.add(file.name);
      String prefix = file.packageName.isEmpty() ? "" : file.packageName + ".";
      String javaPackage = file.options.hasJavaPackage() ? file.options.getJavaPackage() : file.packageName;
      for (String message : file.messages) {
        types.put(prefix + message, file.name);
        // Envoy's files all generate one class per message; others are found the slow way.
        if (file.options.getJavaMultipleFiles()) {
          classes.put(javaPackage + "." + message, prefix + message);
        }
      }
    }
    this.files = Map.copyOf(byName);
    this.fileNames = List.copyOf(names);
    this.fileOfType = Map.copyOf(types);
    this.typeOfClass = Map.copyOf(classes);
  }

  /** What the index needs of a FileDescriptorProto, read without parsing the rest. */
  private static final class FileHeader {
    String name = "";
    String packageName = "";
    FileOptions options = FileOptions.getDefaultInstance();
    final List<String> messages = new ArrayList<>();

    static FileHeader read(ByteString bytes) throws IOException {
      FileHeader header = new FileHeader();
      CodedInputStream file = bytes.newCodedInput();
      for (int tag = file.readTag(); tag != 0; tag = file.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case FileDescriptorProto.NAME_FIELD_NUMBER -> header.name = file.readStringRequireUtf8();
          case FileDescriptorProto.PACKAGE_FIELD_NUMBER -> header.packageName = file.readStringRequireUtf8();
          case FileDescriptorProto.OPTIONS_FIELD_NUMBER -> header.options = FileOptions.parseFrom(file.readBytes());
          case FileDescriptorProto.MESSAGE_TYPE_FIELD_NUMBER -> header.messages.add(name(file.readBytes()));
          default -> file.skipField(tag);
        }
      }
      return header;
    }

    /** A DescriptorProto's name, its field 1. */
    private static String name(ByteString message) throws IOException {
      CodedInputStream in = message.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == DescriptorProto.NAME_FIELD_NUMBER) {
          return in.readStringRequireUtf8();
        }
        in.skipField(tag);
      }
      throw new IOException("a message type without a name");
    }
  }

  private static final class Bundled {
    static final EnvoyDescriptors INSTANCE = read();

    private static EnvoyDescriptors read() {
      try (InputStream in = EnvoyDescriptors.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        return new EnvoyDescriptors(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /** The bundle in Remora's jar, read on first use. */
  static EnvoyDescriptors bundled() {
    return Bundled.INSTANCE;
  }

  /** The message type {@code fullName} ("envoy.config.cluster.v3.Cluster.LbSubsetConfig"), if bundled. */
  Optional<Descriptor> message(String fullName) {
    String topLevel = fullName;
    String file = fileOfType.get(topLevel);
    while (file == null) {
      int dot = topLevel.lastIndexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      topLevel = topLevel.substring(0, dot);
      file = fileOfType.get(topLevel);
    }
    Descriptor type = file(file).findMessageTypeByName(topLevel.substring(topLevel.lastIndexOf('.') + 1));
    if (topLevel.length() < fullName.length()) {
      for (String nested : fullName.substring(topLevel.length() + 1).split("\\.")) {
        type = type == null ? null : type.findNestedTypeByName(nested);
      }
    }
    return Optional.ofNullable(type);
  }

  /**
   * The bundled type of a generated message class, from its name alone: asking the class
   * ({@code getDescriptor()}) would build the generated descriptors this class exists to avoid.
   */
  Optional<Descriptor> forClass(Class<?> generated) {
    String name = generated.getName();
    int nested = name.indexOf('$');
    String fullName = typeOfClass.get(nested < 0 ? name : name.substring(0, nested));
    if (fullName == null) {
      return Optional.empty();
    }
    return message(nested < 0 ? fullName : fullName + name.substring(nested).replace('$', '.'));
  }

  /** Names of the bundled files, in bundle order (each after its imports). */
  List<String> fileNames() {
    return fileNames;
  }

  /** The bundled file {@code name}, built with its imports the first time it is asked for. */
  synchronized FileDescriptor file(String name) {
    FileDescriptor file = built.get(name);
    if (file != null) {
      return file;
    }
    ByteString bytes = files.get(name);
    if (bytes == null) {
      throw new IllegalStateException(name + " is not in " + RESOURCE);
    }
    FileDescriptorProto proto;
    try {
      proto = FileDescriptorProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException broken) {
      throw new IllegalStateException(RESOURCE + " holds an unreadable " + name, broken);
    }
    FileDescriptor[] imports = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < imports.length; i++) {
      imports[i] = dependency(proto.getDependency(i));
    }
    try {
      file = FileDescriptor.buildFrom(proto, imports);
    } catch (DescriptorValidationException broken) {
      throw new IllegalStateException(RESOURCE + " holds an invalid " + name, broken);
    }
    built.put(name, file);
    return file;
  }

  /**
   * Protobuf's own well-known types come from protobuf-java, so that a Duration field of an
   * Envoy message has the descriptor of {@link com.google.protobuf.Duration}; these cost little
   * (no custom options) and the loader uses most of them anyway.
   */
  private FileDescriptor dependency(String name) {
    return switch (name) {
      case "google/protobuf/any.proto" -> AnyProto.getDescriptor();
      case "google/protobuf/duration.proto" -> DurationProto.getDescriptor();
      case "google/protobuf/empty.proto" -> EmptyProto.getDescriptor();
      case "google/protobuf/struct.proto" -> StructProto.getDescriptor();
      case "google/protobuf/timestamp.proto" -> TimestampProto.getDescriptor();
      case "google/protobuf/wrappers.proto" -> WrappersProto.getDescriptor();
      default -> file(name);
    };
  }
}
