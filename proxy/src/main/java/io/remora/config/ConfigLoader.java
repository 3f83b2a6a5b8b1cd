package io.remora.config;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Loads an Envoy bootstrap (YAML or JSON, v2 or v3) into the v3 {@link Bootstrap}, so that the
 * rest of the proxy sees one API and every config error names its file, line and column.
 */
public final class ConfigLoader {
  private static final Logger logger = LoggerFactory.getLogger(ConfigLoader.class);

  private final Extensions extensions;
  private final MessageTypes types;

  private ConfigLoader(Extensions extensions, MessageTypes types) {
    this.extensions = extensions;
    this.types = types;
  }

  /**
   * A loader over Envoy's known extensions; this builds the Bootstrap's descriptors from the
   * bundle (EnvoyDescriptors), once per JVM.
   */
  public static ConfigLoader create() {
    Extensions extensions = Extensions.envoy();
    return new ConfigLoader(extensions, MessageTypes.load());
  }

  /**
   * Loads the descriptors of these typed-config types now (say, on a start-up thread that has
   * time to spare) rather than when a config first names them.
   */
  public ConfigLoader preload(String... typeUrls) {
    for (String typeUrl : typeUrls) {
      types.byTypeUrl(typeUrl);
    }
    return this;
  }

  /** The extension registry the loader translates names with. */
  public Extensions extensions() {
    return extensions;
  }

  /** Every message type the loader has loaded so far, for {@code JsonFormat} printing. */
  public TypeRegistry typeRegistry() {
    return types.typeRegistry();
  }

  /** A registry that can print {@code message} with every typed config inside it. */
  public TypeRegistry typeRegistryFor(com.google.protobuf.Message message) {
    return types.typeRegistryFor(message);
  }

  /** Loads {@code file}: JSON when its name ends in ".json", else YAML. */
  public LoadedConfig load(Path file) throws ConfigException {
    requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": cannot read config: no such file", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(file + ": cannot read config: permission denied", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config: " + e.getMessage(), e);
    }
    return loadString(text, file.toString());
  }

  /**
   * Loads config text, as Envoy's {@code --config-yaml} gives it; {@code sourceName} is what
   * errors call it, and JSON when it ends in ".json".
   */
  public LoadedConfig loadString(String text, String sourceName) throws ConfigException {
    requireNonNull(text, "text");
    requireNonNull(sourceName, "sourceName");
    MappingNode root = YamlSource.parse(text, sourceName, sourceName.endsWith(".json"));
    V2Translator.Result translation = V2Translator.translate(root, extensions, types, sourceName);
    List<String> warnings = new ArrayList<>(translation.warnings());
    MessageConverter converter = new MessageConverter(types, sourceName);
    // Converted into a DynamicMessage, then parsed into the generated class: filling the
    // generated builders field by field would first build each message type's accessor table
    // by reflection (tens of milliseconds per type on a start); the wire form needs none.
    DynamicMessage.Builder bootstrap = DynamicMessage.newBuilder(types.bootstrap());
    converter.convert(root, bootstrap);
    List<String> errors = new ArrayList<>(translation.errors());
    errors.addAll(converter.errors());
    if (!errors.isEmpty()) {
      throw ConfigException.of(errors);
    }
    Bootstrap built;
    try {
      built = Bootstrap.parseFrom(bootstrap.build().toByteString());
    } catch (InvalidProtocolBufferException impossible) {
      throw new IllegalStateException("a Bootstrap serialized by protobuf itself did not parse", impossible);
    }
    Positions positions = new SourcePositions(sourceName, converter.marks(), converter.fieldsSet());
    List<String> problems = StaticReferences.check(built, positions);
    if (!problems.isEmpty()) {
      throw ConfigException.of(problems);
    }
    warnings.addAll(converter.warnings());
    warnings.forEach(logger::warn);
    return new LoadedConfig(built, positions, warnings);
  }
}
