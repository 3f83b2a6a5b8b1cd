package io.remora.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sub-command of {@code remora}: its options, its optional positional parameter, and the
 * parser and help text built from them. Parsing is plain string work, so a start costs no
 * reflection and no annotation processing (picocli did both, and its Java 5 class files
 * cannot go into the launcher's class-data archive: ~300 ms of a start).
 *
 * <p>Accepted shapes, as Envoy's TCLAP and picocli accept them: {@code --name value},
 * {@code --name=value}, {@code -c value}, {@code -cvalue}; {@code --} ends the options. Each
 * option may be given once.
 */
record CommandSpec(String name, String description, boolean hidden, List<Option> options, Positional positional) {
  /** Exit status of a command line that cannot be parsed (as picocli and TCLAP use it). */
  static final int EXIT_USAGE = 2;

  /** The flags every command takes. */
  static final Option HELP = Option.flag("-h", "--help", "Show this help and exit.");
  static final Option VERSION = Option.flag("-V", "--version", "Print the version and exit.");

  /**
   * An option: a short name (or null), a long name, the value's label (null for a flag), a
   * default shown in the help (or null) and a one-line description.
   */
  record Option(String shortName, String longName, String label, String defaultValue, String description) {
    static Option flag(String shortName, String longName, String description) {
      return new Option(shortName, longName, null, null, description);
    }

    static Option value(String shortName, String longName, String label, String defaultValue, String description) {
      return new Option(shortName, longName, label, defaultValue, description);
    }

    boolean takesValue() {
      return label != null;
    }

    String names() {
      return shortName == null ? longName : shortName + ", " + longName;
    }
  }

  /** An optional positional parameter: its label and description. */
  record Positional(String label, String description) {}

  /** A command line that does not fit the command; the message names what is wrong. */
  static final class UsageError extends Exception {
    UsageError(String message) {
      super(message);
    }
  }

  /** What one command line said: option values by long name, flags present, the positional. */
  record Parsed(Map<String, String> values, String positional) {
    boolean has(Option option) {
      return values.containsKey(option.longName());
    }

    /** The option's value, else its default (null when it has none). */
    String get(Option option) {
      return values.getOrDefault(option.longName(), option.defaultValue());
    }

    /** The option's value as an integer; null when absent and without a default. */
    Integer integer(Option option) throws UsageError {
      String value = get(option);
      if (value == null) {
        return null;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException notANumber) {
        throw new UsageError("invalid value for option '" + option.longName() + "': '" + value + "' is not an integer");
      }
    }
  }

  CommandSpec {
    List<Option> all = new ArrayList<>(options);
    all.add(HELP);
    all.add(VERSION);
    options = List.copyOf(all);
  }

  /** Parses the arguments that follow the command's name. */
  Parsed parse(List<String> args) throws UsageError {
    Map<String, Option> byName = new HashMap<>();
    for (Option option : options) {
      byName.put(option.longName(), option);
      if (option.shortName() != null) {
        byName.put(option.shortName(), option);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    String positional = null;
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        if (this.positional == null) {
          throw new UsageError("unexpected argument '" + arg + "'");
        }
        if (positional != null) {
          throw new UsageError("more than one " + this.positional.label() + ": '" + positional + "' and '" + arg + "'");
        }
        positional = arg;
        continue;
      }
      String key = arg;
      String attached = null;
      if (arg.startsWith("--")) {
        int equals = arg.indexOf('=');
        if (equals > 0) {
          key = arg.substring(0, equals);
          attached = arg.substring(equals + 1);
        }
      } else if (arg.length() > 2) {
        key = arg.substring(0, 2);
        attached = arg.substring(2);
      }
      Option option = byName.get(key);
      if (option == null) {
        throw new UsageError("unknown option '" + arg + "'");
      }
      if (values.containsKey(option.longName())) {
        throw new UsageError("option '" + option.longName() + "' given more than once");
      }
      if (!option.takesValue()) {
        if (attached != null) {
          throw new UsageError("option '" + option.longName() + "' takes no value");
        }
        values.put(option.longName(), "");
      } else if (attached != null) {
        values.put(option.longName(), attached);
      } else if (i + 1 < args.size()) {
        values.put(option.longName(), args.get(++i));
      } else {
        throw new UsageError("option '" + option.longName() + "' needs a value (" + option.label() + ")");
      }
    }
    return new Parsed(values, positional);
  }

  /** The help text: usage line, description, the options with their defaults. */
  String usage() {
    StringBuilder text = new StringBuilder("Usage: remora ").append(name).append(" [OPTIONS]");
    if (positional != null) {
      text.append(" [").append(positional.label()).append(']');
    }
    text.append('\n').append(description).append("\n\n");
    List<String[]> rows = new ArrayList<>();
    if (positional != null) {
      rows.add(new String[] {positional.label(), positional.description()});
    }
    for (Option option : options) {
      String left = option.names() + (option.takesValue() ? " " + option.label() : "");
      String right = option.description()
          + (option.defaultValue() == null || option.defaultValue().isEmpty() ? "" : " (default: " + option.defaultValue() + ")");
      rows.add(new String[] {left, right});
    }
    appendTable(text, rows);
    return text.toString();
  }

  /** Two columns, the left one padded to its widest entry. */
  static void appendTable(StringBuilder text, List<String[]> rows) {
    int width = 0;
    for (String[] row : rows) {
      width = Math.max(width, row[0].length());
    }
    for (String[] row : rows) {
      text.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2)).append(row[1]).append('\n');
    }
  }
}
