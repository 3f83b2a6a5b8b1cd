package io.remora.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The birthday rule, including February 29 in common and leap years. */
final class GreetingTest {
  private static final LocalDate LEAP_DAY_BIRTH = LocalDate.of(2000, 2, 29);

  @Test
  void matchesMonthAndDayWhateverTheYear() {
    assertThat(Greeting.isBirthday(LocalDate.of(1990, 7, 4), LocalDate.of(2026, 7, 4))).isTrue();
    assertThat(Greeting.isBirthday(LocalDate.of(1990, 7, 4), LocalDate.of(2026, 7, 5))).isFalse();
    assertThat(Greeting.isBirthday(LocalDate.of(1990, 7, 4), LocalDate.of(2026, 4, 7))).isFalse();
  }

  @Test
  void leapDayBirthdaysAreFebruary28InCommonYears() {
    assertThat(Greeting.isBirthday(LEAP_DAY_BIRTH, LocalDate.of(2027, 2, 28))).isTrue();
    assertThat(Greeting.isBirthday(LEAP_DAY_BIRTH, LocalDate.of(2027, 3, 1))).isFalse();
  }

  @Test
  void leapDayBirthdaysAreFebruary29InLeapYears() {
    assertThat(Greeting.isBirthday(LEAP_DAY_BIRTH, LocalDate.of(2028, 2, 29))).isTrue();
    assertThat(Greeting.isBirthday(LEAP_DAY_BIRTH, LocalDate.of(2028, 2, 28))).isFalse();
  }

  @Test
  void february28BirthdaysStayOnFebruary28() {
    LocalDate february28 = LocalDate.of(2001, 2, 28);
    assertThat(Greeting.isBirthday(february28, LocalDate.of(2028, 2, 28))).isTrue();
    assertThat(Greeting.isBirthday(february28, LocalDate.of(2028, 2, 29))).isFalse();
  }

  @Test
  void writesTheLabsMessages() {
    LocalDate birth = LocalDate.of(2020, 1, 25);
    assertThat(Greeting.message("abohmeed", birth, LocalDate.of(2026, 1, 25)))
        .isEqualTo("Hello, abohmeed! Happy birthday");
    assertThat(Greeting.message("abohmeed", birth, LocalDate.of(2026, 1, 26)))
        .isEqualTo("Hello, abohmeed");
  }
}
