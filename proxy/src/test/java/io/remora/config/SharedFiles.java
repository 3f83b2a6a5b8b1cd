package io.remora.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared config corpus: a sibling of the repository root, else /work/shared. */
final class SharedFiles {
  private SharedFiles() {}

  static Path root() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null) {
      if (Files.exists(directory.resolve(".git"))) {
        Path sibling = directory.resolveSibling("shared");
        if (directory.getParent() != null && Files.isDirectory(sibling.resolve("envoy-configs"))) {
          return sibling;
        }
        break;
      }
      directory = directory.getParent();
    }
    return Path.of("/work/shared");
  }

  static Path lab() {
    return root().resolve("lab/envoy.yaml");
  }

  static Path corpus(String name) {
    return root().resolve("envoy-configs").resolve(name);
  }
}
