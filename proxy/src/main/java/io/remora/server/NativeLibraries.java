package io.remora.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * {@code remora natives DIR} (hidden): copies the native libraries a jar carries for Netty's
 * transports ({@code META-INF/native/*.so}) into a directory. The launcher does this once per
 * build and puts the directory on {@code java.library.path}, where Netty looks first: otherwise
 * Netty writes the library to a new temporary file and loads it from there on every start
 * (~40-50 ms of a start's CPU on this machine, with the random file name and its clean-up).
 */
final class NativeLibraries {
  static final String PREFIX = "META-INF/native/";

  private NativeLibraries() {}

  /** Copies every {@code META-INF/native/*.so} of {@code jar} into {@code dir}; returns their names. */
  static List<String> copyOut(Path jar, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> copied = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(PREFIX) || !name.endsWith(".so")
            || name.indexOf('/', PREFIX.length()) >= 0) {
          continue;
        }
        String library = name.substring(PREFIX.length());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, dir.resolve(library), StandardCopyOption.REPLACE_EXISTING);
        }
        copied.add(library);
      }
    }
    return copied;
  }

  /** The jar this class was loaded from, or null when it runs from a directory of classes. */
  static Path ownJar() {
    try {
      Path location = Path.of(NativeLibraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) ? location : null;
    } catch (Exception notAFile) {
      return null;
    }
  }
}
