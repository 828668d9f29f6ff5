package org.polyculture.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ValidationResultTest {

  private enum Reason {
    TOO_SMALL,
    TOO_LARGE
  }

  @Test
  void validResultHasNoReasonOrMessage() {
    ValidationResult<Reason> result = ValidationResult.valid();

    assertThat(result.isValid()).isTrue();
    assertThat(result.isInvalid()).isFalse();
    assertThat(result.invalidReason()).isEmpty();
    assertThat(result.errorMessage()).isEmpty();
  }

  @Test
  void invalidResultCarriesReasonAndMessage() {
    ValidationResult<Reason> result = ValidationResult.invalid(Reason.TOO_SMALL, "3 < 4");

    assertThat(result.isValid()).isFalse();
    assertThat(result.isInvalid()).isTrue();
    assertThat(result.invalidReason()).contains(Reason.TOO_SMALL);
    assertThat(result.errorMessage()).contains("3 < 4");
    assertThat(result).hasToString("Invalid[TOO_SMALL: 3 < 4]");
  }

  @Test
  void shouldRunNextCheckOnlyWhenValid() {
    AtomicInteger calls = new AtomicInteger();
    ValidationResult<Reason> next = ValidationResult.invalid(Reason.TOO_LARGE, "big");

    ValidationResult<Reason> afterValid =
        ValidationResult.<Reason>valid()
            .and(
                () -> {
                  calls.incrementAndGet();
                  return next;
                });
    ValidationResult<Reason> afterInvalid =
        ValidationResult.<Reason>invalid(Reason.TOO_SMALL, "small")
            .and(
                () -> {
                  calls.incrementAndGet();
                  return next;
                });

    assertThat(afterValid).isEqualTo(next);
    assertThat(afterInvalid.invalidReason()).contains(Reason.TOO_SMALL);
    assertThat(calls).hasValue(1);
  }

  @Test
  void shouldThrowTheMappedExceptionOnlyWhenInvalid() {
    assertThatCode(
            () -> ValidationResult.<Reason>valid().orElseThrow((r, m) -> new Exception(r + m)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ValidationResult.invalid(Reason.TOO_LARGE, "big")
                    .orElseThrow((r, m) -> new Exception(r + ": " + m)))
        .hasMessage("TOO_LARGE: big");
  }

  @Test
  void shouldRejectMissingReasonOrMessage() {
    assertThatThrownBy(() -> ValidationResult.invalid(null, "m"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ValidationResult.invalid(Reason.TOO_SMALL, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalResultsAreEqual() {
    assertThat(ValidationResult.<Reason>valid()).isEqualTo(ValidationResult.<Reason>valid());
    assertThat(ValidationResult.invalid(Reason.TOO_SMALL, "m"))
        .isEqualTo(ValidationResult.invalid(Reason.TOO_SMALL, "m"))
        .isNotEqualTo(ValidationResult.invalid(Reason.TOO_LARGE, "m"));
  }
}
