package org.polyculture.test.adversarial;

import java.util.Locale;

/**
 * How much of the adversarial matrix runs: {@code ci} (the default: a representative part within
 * the CI budget) or {@code full} ({@code mvn -Padversarial-full}, which sets the system property
 * {@value #PROPERTY}).
 */
enum AdversarialProfile {
  CI,
  FULL;

  static final String PROPERTY = "polyculture.adversarial";

  static AdversarialProfile current() {
    String value = System.getProperty(PROPERTY, "ci").trim().toUpperCase(Locale.ROOT);
    return value.isEmpty() ? CI : valueOf(value);
  }

  boolean full() {
    return this == FULL;
  }
}
