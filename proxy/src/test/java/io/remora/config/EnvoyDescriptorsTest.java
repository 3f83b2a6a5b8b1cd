package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled descriptors: up to date with the api jar and {@link KnownExtensions}, and the same
 * as the generated ones in everything the loader reads.
 *
 * <p>After an api version bump or a new known extension, {@link #bundleIsCurrent()} fails; write
 * the bundle again with {@code mvn -B -o test -Dtest=EnvoyDescriptorsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dremora.writeDescriptors=true} and commit it.
 */
class EnvoyDescriptorsTest {
  private static final Path SOURCE = Path.of("src/main/resources/io/remora/config", EnvoyDescriptors.RESOURCE);

  @Test
  void bundleIsCurrent() throws IOException {
    byte[] fresh = EnvoyDescriptorBundle.generate().toByteArray();
    if (Boolean.getBoolean("remora.writeDescriptors")) {
      Files.write(SOURCE, fresh);
      System.out.printf("wrote %s: %d bytes%n", SOURCE.toAbsolutePath(), fresh.length);
      return;
    }
    byte[] bundled;
    try (InputStream in = EnvoyDescriptors.class.getResourceAsStream(EnvoyDescriptors.RESOURCE)) {
      assertThat(in).as(EnvoyDescriptors.RESOURCE + " on the class path").isNotNull();
      bundled = in.readAllBytes();
    }
    if (!java.util.Arrays.equals(bundled, fresh)) {
      fail(SOURCE + " is out of date (the api jar or KnownExtensions changed); write it again with:"
          + " mvn -B -o test -Dtest=EnvoyDescriptorsTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dremora.writeDescriptors=true");
    }
  }

  @Test
  void everyBundledTypeMatchesItsGeneratedClass() {
    Map<String, FileDescriptor> generated = new HashMap<>();
    for (String root : EnvoyDescriptorBundle.roots()) {
      addWithImports(MessageTypes.generatedDescriptor(root).orElseThrow().getFile(), generated);
    }
    EnvoyDescriptors bundled = EnvoyDescriptors.bundled();
    List<String> differences = new ArrayList<>();
    int types = 0;
    for (String name : bundled.fileNames()) {
      FileDescriptor file = bundled.file(name);
      for (Descriptor type : file.getMessageTypes()) {
        types += compare(type, generated.get(name).findMessageTypeByName(type.getName()), differences);
      }
    }
    assertThat(differences).isEmpty();
    assertThat(types).isGreaterThan(500);
  }

  private static void addWithImports(FileDescriptor file, Map<String, FileDescriptor> files) {
    if (files.putIfAbsent(file.getName(), file) == null) {
      file.getDependencies().forEach(dependency -> addWithImports(dependency, files));
    }
  }

  @Test
  void bundleHoldsNoAnnotationFiles() throws IOException {
    FileDescriptorSet set;
    try (InputStream in = EnvoyDescriptors.class.getResourceAsStream(EnvoyDescriptors.RESOURCE)) {
      set = FileDescriptorSet.parseFrom(in);
    }
    assertThat(set.getFileList()).allSatisfy(file -> {
      assertThat(file.getName()).doesNotStartWith("validate/").doesNotStartWith("udpa/annotations/")
          .doesNotStartWith("envoy/annotations/").doesNotStartWith("xds/annotations/");
      assertThat(file.getDependencyList()).noneMatch(dependency -> dependency.contains("annotations/")
          || dependency.startsWith("validate/"));
    });
    assertThat(set.getFileList()).extracting(file -> file.getName())
        .contains("envoy/config/bootstrap/v3/bootstrap.proto",
            "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto");
  }

  @Test
  void findsTypesByNameAndByGeneratedClass() {
    EnvoyDescriptors bundled = EnvoyDescriptors.bundled();
    Descriptor lbSubset = bundled.message("envoy.config.cluster.v3.Cluster.LbSubsetConfig").orElseThrow();
    assertThat(lbSubset.findFieldByName("fallback_policy")).isNotNull();
    assertThat(bundled.forClass(Cluster.LbSubsetConfig.class)).containsSame(lbSubset);
    assertThat(bundled.forClass(Address.class).orElseThrow().getFullName())
        .isEqualTo("envoy.config.core.v3.Address");
    assertThat(bundled.message("envoy.config.cluster.v3.NoSuchType")).isEmpty();
    assertThat(bundled.message("envoy.config.filter.http.router.v2.Router")).isEmpty();
    assertThat(bundled.forClass(String.class)).isEmpty();
  }

  /** Differences between {@code bundled} (and its nested types) and the generated type; the count of types compared. */
  private static int compare(Descriptor bundled, Descriptor generated, List<String> differences) {
    if (!bundled.toProto().equals(withoutCustomOptions(generated))) {
      differences.add(bundled.getFullName() + ": " + bundled.toProto() + " against " + generated.toProto());
    }
    for (FieldDescriptor field : bundled.getFields()) {
      FieldDescriptor other = generated.findFieldByNumber(field.getNumber());
      if (!field.getJsonName().equals(other.getJsonName()) || field.isPacked() != other.isPacked()
          || field.isMapField() != other.isMapField()
          || field.getOptions().getDeprecated() != other.getOptions().getDeprecated()
          || field.hasPresence() != other.hasPresence()) {
        differences.add(field.getFullName());
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        compare(field.getEnumType(), other.getEnumType(), differences);
      }
    }
    int types = 1;
    for (Descriptor nested : bundled.getNestedTypes()) {
      types += compare(nested, generated.findNestedTypeByName(nested.getName()), differences);
    }
    return types;
  }

  private static void compare(EnumDescriptor bundled, EnumDescriptor generated, List<String> differences) {
    List<String> names = bundled.getValues().stream().map(EnumValueDescriptor::getName).toList();
    if (!names.equals(generated.getValues().stream().map(EnumValueDescriptor::getName).toList())) {
      differences.add(bundled.getFullName());
    }
  }

  /** The generated type as the bundle writes it: custom options (extensions) dropped. */
  private static com.google.protobuf.DescriptorProtos.DescriptorProto withoutCustomOptions(Descriptor generated) {
    try {
      var proto = com.google.protobuf.DescriptorProtos.DescriptorProto.parseFrom(generated.toProto().toByteString());
      return (com.google.protobuf.DescriptorProtos.DescriptorProto) EnvoyDescriptorBundle.withoutUnknownFields(proto);
    } catch (com.google.protobuf.InvalidProtocolBufferException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
