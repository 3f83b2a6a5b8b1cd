package io.remora.greeter;

import java.time.LocalDate;
import java.time.MonthDay;

/** The greeting rule: who gets "Happy birthday" today. */
final class Greeting {
  private Greeting() {}

  /**
   * Returns the message for {@code username} born on {@code dateOfBirth}, on {@code today}.
   *
   * <p>Someone born on February 29 celebrates on February 28 in common years (the rule of, among
   * others, New Zealand and Taiwan; the UK picks March 1), so they get a greeting every year and
   * the day stays in their birth month. {@link MonthDay#atYear} applies exactly this rule.
   */
  static String message(String username, LocalDate dateOfBirth, LocalDate today) {
    return isBirthday(dateOfBirth, today)
        ? "Hello, " + username + "! Happy birthday"
        : "Hello, " + username;
  }

  static boolean isBirthday(LocalDate dateOfBirth, LocalDate today) {
    return MonthDay.from(dateOfBirth).atYear(today.getYear()).equals(today);
  }
}
