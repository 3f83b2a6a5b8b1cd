package io.remora.greeter;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * The request body {@code {"dateOfBirth":"YYYY-MM-DD"}}, parsed strictly by hand so the greeter
 * needs nothing beyond the JDK.
 *
 * <p>Accepted: exactly one JSON object with exactly one member, {@code dateOfBirth}, whose value
 * is a string holding a real calendar date; JSON whitespace and string escapes anywhere JSON
 * allows them. Everything else (other members, duplicates, other value types, trailing text) is
 * rejected, because a client sending it has misunderstood the API.
 */
record BirthdayRequest(LocalDate dateOfBirth) {
  static final String DATE_OF_BIRTH = "dateOfBirth";

  private static final Pattern DATE_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  /** Parses a body; {@code today} bounds the date, as nobody is born in the future. */
  static BirthdayRequest parse(String body, LocalDate today) throws BadRequestException {
    String text = new Reader(body).readSingleStringMember(DATE_OF_BIRTH);
    if (!DATE_SHAPE.matcher(text).matches()) {
      throw new BadRequestException("dateOfBirth must be a date in the form YYYY-MM-DD");
    }
    LocalDate dateOfBirth;
    try {
      dateOfBirth = LocalDate.parse(text, DATE);
    } catch (DateTimeException notADate) {
      throw new BadRequestException("dateOfBirth is not a valid date: " + text);
    }
    if (dateOfBirth.isAfter(today)) {
      throw new BadRequestException("dateOfBirth must not be in the future");
    }
    return new BirthdayRequest(dateOfBirth);
  }

  /** A cursor over the body that knows just enough JSON for one object of string members. */
  private static final class Reader {
    private final String text;
    private int position;

    Reader(String text) {
      this.text = text;
    }

    String readSingleStringMember(String wantedName) throws BadRequestException {
      skipWhitespace();
      expect('{', "the body must be a JSON object");
      String value = null;
      skipWhitespace();
      if (peek() != '}') {
        while (true) {
          skipWhitespace();
          if (peek() != '"') {
            throw invalid("expected a member name");
          }
          String name = readString();
          skipWhitespace();
          expect(':', "expected ':' after a member name");
          skipWhitespace();
          if (!name.equals(wantedName)) {
            throw new BadRequestException(
                "unknown field: " + name + "; the only field is " + wantedName);
          }
          if (value != null) {
            throw new BadRequestException("duplicate field: " + name);
          }
          if (peek() != '"') {
            throw new BadRequestException(wantedName + " must be a string");
          }
          value = readString();
          skipWhitespace();
          if (peek() == ',') {
            position++;
            continue;
          }
          break;
        }
      }
      expect('}', "expected ',' or '}'");
      skipWhitespace();
      if (position != text.length()) {
        throw invalid("unexpected text after the JSON object");
      }
      if (value == null) {
        throw new BadRequestException("missing field: " + wantedName);
      }
      return value;
    }

    private String readString() throws BadRequestException {
      expect('"', "expected a string");
      StringBuilder value = new StringBuilder();
      while (true) {
        if (position >= text.length()) {
          throw invalid("unterminated string");
        }
        char character = text.charAt(position++);
        if (character == '"') {
          return value.toString();
        }
        if (character < 0x20) {
          throw invalid("control character in a string");
        }
        if (character != '\\') {
          value.append(character);
          continue;
        }
        if (position >= text.length()) {
          throw invalid("unterminated string");
        }
        char escaped = text.charAt(position++);
        switch (escaped) {
          case '"', '\\', '/' -> value.append(escaped);
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'u' -> value.append(readUnicodeEscape());
          default -> throw invalid("invalid escape \\" + escaped);
        }
      }
    }

    private char readUnicodeEscape() throws BadRequestException {
      if (position + 4 > text.length()) {
        throw invalid("truncated \\u escape");
      }
      int code = 0;
      for (int end = position + 4; position < end; position++) {
        int digit = Character.digit(text.charAt(position), 16);
        if (digit < 0) {
          throw invalid("invalid \\u escape");
        }
        code = code * 16 + digit;
      }
      return (char) code;
    }

    private void skipWhitespace() {
      while (position < text.length()) {
        char character = text.charAt(position);
        // JSON's whitespace is exactly these four; Character.isWhitespace accepts more.
        if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
          return;
        }
        position++;
      }
    }

    private int peek() {
      return position < text.length() ? text.charAt(position) : -1;
    }

    private void expect(char wanted, String problem) throws BadRequestException {
      if (peek() != wanted) {
        throw invalid(problem);
      }
      position++;
    }

    private BadRequestException invalid(String problem) {
      return new BadRequestException("invalid JSON at offset " + position + ": " + problem);
    }
  }
}
