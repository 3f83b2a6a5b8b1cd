package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Remora's own SLF4J binding: the line format, level inheritance and run-time changes. */
class LoggingTest {
  /** Levels stay set for the rest of the JVM, so each test uses logger names of its own. */
  @AfterEach
  void restoreDefaults() {
    Logging.setLevel("info");
  }

  @Test
  void oneLinePerEventInEnvoysShapeWithTheStackTraceAfterIt() {
    Logger logger = LoggerFactory.getLogger("io.remora.testing.format.Widget");
    String out = captureStderr(() -> {
      logger.info("opened {} of {}", 3, "x");
      logger.warn("failed", new IllegalStateException("boom"));
      logger.debug("not shown at info");
    });
    String[] lines = out.split(System.lineSeparator());
    assertThat(lines[0]).matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}]\\[INFO]\\[Widget] opened 3 of x");
    assertThat(lines[1]).endsWith("[WARN][Widget] failed");
    assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(out).doesNotContain("not shown");
  }

  @Test
  void levelsAreInheritedFromTheNearestAncestorAndChangeAtRunTime() {
    Logger leaf = LoggerFactory.getLogger("io.remora.testing.inherit.child.Leaf");
    assertThat(Logging.levels()).containsEntry("io.remora.testing.inherit", "info")
        .containsEntry("io.remora.testing.inherit.child.Leaf", "info");

    Logging.setLevel("testing.inherit", "debug");
    assertThat(leaf.isDebugEnabled()).isTrue();
    assertThat(leaf.isTraceEnabled()).isFalse();
    Logging.setLevel("io.remora.testing.inherit.child", "error");
    assertThat(leaf.isWarnEnabled()).isFalse();
    assertThat(leaf.isErrorEnabled()).isTrue();
    assertThat(Logging.levels()).containsEntry("io.remora.testing.inherit", "debug")
        .containsEntry("io.remora.testing.inherit.child.Leaf", "error");

    Logging.setLevel("io.remora.testing.inherit.child", "off");
    assertThat(leaf.isErrorEnabled()).isFalse();
    assertThat(Logging.levels()).containsEntry("io.remora.testing.inherit.child.Leaf", "off");
    assertThat(LoggerFactory.getLogger("io.netty.Whatever").isInfoEnabled()).isFalse();
  }

  private static String captureStderr(Runnable action) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
