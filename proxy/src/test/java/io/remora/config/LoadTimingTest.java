package io.remora.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prints what start-up pays for the descriptor graph: create() and the first load. */
class LoadTimingTest {
  @Test
  void createAndFirstLoadOfTheLabConfig() throws ConfigException {
    long start = System.nanoTime();
    ConfigLoader loader = ConfigLoader.create();
    long created = System.nanoTime();
    LoadedConfig config = loader.load(SharedFiles.lab());
    long loaded = System.nanoTime();
    loader.load(SharedFiles.lab());
    long again = System.nanoTime();
    System.out.printf("ConfigLoader.create(): %d ms; first load of lab/envoy.yaml: %d ms;"
            + " second load: %d ms (cold only if this class ran first in its JVM)%n",
        (created - start) / 1_000_000, (loaded - created) / 1_000_000,
        (again - loaded) / 1_000_000);
    assertThat(config.bootstrap().getStaticResources().getListenersCount()).isEqualTo(1);
  }
}
