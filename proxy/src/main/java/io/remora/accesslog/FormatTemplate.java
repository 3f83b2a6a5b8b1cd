package io.remora.accesslog;

import io.remora.config.ConfigException;
import io.remora.http.StreamInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A format string compiled into literal text and {@link CommandOperator}s. The grammar is Envoy's:
 * {@code %NAME%}, {@code %NAME(ARGUMENT)%}, either followed by {@code :N} before the closing
 * {@code %} to cut the value to N characters; {@code %%} is a literal '%'.
 */
final class FormatTemplate {
  private final String[] literals;
  private final CommandOperator[] operators;
  private final String missing;
  private final int sizeHint;

  /** {@code literals[i]} comes before {@code operators[i]}; one more literal ends the line. */
  private FormatTemplate(List<String> literals, List<CommandOperator> operators, String missing) {
    this.literals = literals.toArray(String[]::new);
    this.operators = operators.toArray(CommandOperator[]::new);
    this.missing = missing;
    int literalLength = 0;
    for (String literal : literals) {
      literalLength += literal.length();
    }
    this.sizeHint = literalLength + 16 * operators.size();
  }

  /**
   * Compiles {@code format}; values that are not set print {@code missing} ({@code "-"}, or
   * {@code ""} with {@code omit_empty_values}).
   */
  static FormatTemplate compile(String format, String missing) throws ConfigException {
    List<String> literals = new ArrayList<>();
    List<CommandOperator> operators = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
        literal.append('%');
        i += 2;
        continue;
      }
      int end = parseOperator(format, i, operators);
      literals.add(literal.toString());
      literal.setLength(0);
      i = end;
    }
    literals.add(literal.toString());
    return new FormatTemplate(literals, operators, missing);
  }

  /** Parses the operator starting at the '%' at {@code start}; returns the index after it. */
  private static int parseOperator(String format, int start, List<CommandOperator> operators)
      throws ConfigException {
    int i = start + 1;
    while (i < format.length() && isNameChar(format.charAt(i))) {
      i++;
    }
    String name = format.substring(start + 1, i);
    if (name.isEmpty()) {
      throw malformed(format, start, "a '%' that starts no command operator (write %% for '%')");
    }
    String argument = null;
    if (i < format.length() && format.charAt(i) == '(') {
      int close = closingParenthesis(format, i + 1);
      if (close < 0) {
        throw malformed(format, start, "%" + name + "( without a closing ')%'");
      }
      argument = format.substring(i + 1, close);
      i = close + 1;
    }
    int maxLength = -1;
    if (i < format.length() && format.charAt(i) == ':') {
      int digits = i + 1;
      while (digits < format.length() && Character.isDigit(format.charAt(digits))) {
        digits++;
      }
      if (digits == i + 1 || digits - i > 10) {
        throw malformed(format, start, "%" + name + ": must be followed by a length, e.g. :10");
      }
      maxLength = Integer.parseInt(format.substring(i + 1, digits));
      i = digits;
    }
    if (i >= format.length() || format.charAt(i) != '%') {
      throw malformed(format, start, "command operator %" + name + " is not closed by '%'");
    }
    CommandOperator operator = CommandOperators.create(name, argument);
    operators.add(maxLength >= 0 ? operator.truncatedTo(maxLength) : operator);
    return i + 1;
  }

  /**
   * The ')' that ends an argument: the first one followed by '%' or by ':digits%'. Arguments may
   * hold '%' and ':' themselves, as in {@code %START_TIME(%H:%M)%}.
   */
  private static int closingParenthesis(String format, int from) {
    for (int i = format.indexOf(')', from); i >= 0; i = format.indexOf(')', i + 1)) {
      int next = i + 1;
      if (next < format.length() && format.charAt(next) == '%') {
        return i;
      }
      if (next < format.length() && format.charAt(next) == ':') {
        int digits = next + 1;
        while (digits < format.length() && Character.isDigit(format.charAt(digits))) {
          digits++;
        }
        if (digits > next + 1 && digits < format.length() && format.charAt(digits) == '%') {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static ConfigException malformed(String format, int position, String problem) {
    return new ConfigException(
        "access log format '" + format + "': at position " + position + ": " + problem);
  }

  /** True when the whole format is literal text. */
  boolean isConstant() {
    return operators.length == 0;
  }

  void appendTo(StringBuilder out, StreamInfo info) {
    for (int i = 0; i < operators.length; i++) {
      out.append(literals[i]);
      String value = operators[i].value(info);
      out.append(value == null || value.isEmpty() ? missing : value);
    }
    out.append(literals[operators.length]);
  }

  String render(StreamInfo info) {
    StringBuilder out = new StringBuilder(sizeHint);
    appendTo(out, info);
    return out.toString();
  }
}
