package io.remora.server;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a drain and then a clean exit with status 0 (a shutdown hook alone
 * would exit 143). The handler runs the drain on its own thread.
 */
final class Signals {
  private Signals() {}

  static void onTerminate(Runnable drain) {
    Runnable once = new Runnable() {
      private boolean ran;

      @Override
      public synchronized void run() {
        if (!ran) {
          ran = true;
          drain.run();
        }
      }
    };
    try {
      Signal.handle(new Signal("TERM"), signal -> new Thread(once, "remora-drain").start());
      Signal.handle(new Signal("INT"), signal -> new Thread(once, "remora-drain").start());
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      Runtime.getRuntime().addShutdownHook(new Thread(once, "remora-drain"));
    }
  }
}
