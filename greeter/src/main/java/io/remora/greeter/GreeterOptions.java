package io.remora.greeter;

import java.util.List;

/** The greeter's command line: where to listen. */
record GreeterOptions(String host, int port) {
  static final String USAGE = "usage: greeter [--host HOST] [--port N]   (default 0.0.0.0:8080)";

  static GreeterOptions parse(String... args) {
    String host = "0.0.0.0";
    int port = 8080;
    for (int index = 0; index < args.length; index++) {
      String argument = args[index];
      String name = argument;
      String value = null;
      int equals = argument.indexOf('=');
      if (argument.startsWith("--") && equals > 0) {
        name = argument.substring(0, equals);
        value = argument.substring(equals + 1);
      }
      switch (name) {
        case "--host" -> {
          host = value != null ? value : valueAfter(args, ++index, name);
          if (host.isEmpty()) {
            throw new IllegalArgumentException("--host must not be empty");
          }
        }
        case "--port" -> port = parsePort(value != null ? value : valueAfter(args, ++index, name));
        default -> throw new IllegalArgumentException("unknown argument: " + argument);
      }
    }
    return new GreeterOptions(host, port);
  }

  static boolean asksForHelp(String... args) {
    List<String> arguments = List.of(args);
    return arguments.contains("--help") || arguments.contains("-h");
  }

  private static String valueAfter(String[] args, int index, String name) {
    if (index >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[index];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below, with the other out-of-range values.
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, not: " + text);
  }
}
