package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every config in the shared corpus and the lab loads into a v3 bootstrap. */
class CorpusLoadTest {
  private static final ConfigLoader LOADER = ConfigLoader.create();

  static Stream<Path> files() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(SharedFiles.root().resolve("envoy-configs"))) {
      files = listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(13);
    return Stream.concat(files.stream(), Stream.of(SharedFiles.lab()));
  }

  @ParameterizedTest
  @MethodSource("files")
  void loads(Path file) throws ConfigException {
    LoadedConfig config = LOADER.load(file);
    Bootstrap bootstrap = config.bootstrap();
    System.out.println(file.getFileName() + ": " + config.warnings().size() + " warnings");
    assertThat(bootstrap.getStaticResources().getListenersCount()).isPositive();
    assertThat(bootstrap.getStaticResources().getClustersCount()).isPositive();
  }
}
