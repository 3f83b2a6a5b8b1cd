package io.remora.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared config corpus: a sibling of the repository root, else /work/shared. */
public final class SharedFiles {
  private SharedFiles() {}

  public static Path root() {
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

  public static Path lab() {
    return root().resolve("lab/envoy.yaml");
  }

  public static Path corpus(String name) {
    return root().resolve("envoy-configs").resolve(name);
  }

  /** The repository's top level (the directory holding {@code .git}, a file in a worktree). */
  public static Path repository() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve(".git"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("not inside a git checkout: " + Path.of("").toAbsolutePath());
    }
    return directory;
  }
}
