package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {
  @Test
  void copiesOnlyTheTopLevelLibrariesUnderMetaInfNative(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "META-INF/native/", null);
      put(out, "META-INF/native/libnetty_transport_native_epoll_x86_64.so", "epoll");
      put(out, "META-INF/native/libother.so", "other");
      put(out, "META-INF/native/nested/libskipped.so", "nested");
      put(out, "META-INF/native/readme.txt", "not a library");
      put(out, "io/remora/Some.class", "class");
    }
    Path dir = tmp.resolve("native");

    assertThat(NativeLibraries.copyOut(jar, dir))
        .containsExactlyInAnyOrder("libnetty_transport_native_epoll_x86_64.so", "libother.so");
    assertThat(Files.readString(dir.resolve("libnetty_transport_native_epoll_x86_64.so"))).isEqualTo("epoll");
    try (var files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("libnetty_transport_native_epoll_x86_64.so", "libother.so");
    }
    // Again over what is there: the copies are replaced, not refused.
    assertThat(NativeLibraries.copyOut(jar, dir)).hasSize(2);
  }

  private static void put(JarOutputStream out, String name, String text) throws Exception {
    out.putNextEntry(new JarEntry(name));
    if (text != null) {
      OutputStream body = out;
      body.write(text.getBytes(StandardCharsets.UTF_8));
    }
    out.closeEntry();
  }
}
