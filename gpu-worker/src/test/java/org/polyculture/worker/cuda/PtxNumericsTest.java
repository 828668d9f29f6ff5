package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped PTX holds only the arithmetic the spec allows (docs/numerics.md §1): every float
 * operation correctly rounded to nearest with no contraction left to the driver's compiler (a
 * {@code mul} or {@code add} without {@code .rn} may be fused into an fma), no approximate or
 * flush-to-zero instruction, no hardware transcendental.
 */
class PtxNumericsTest {

  private static final Pattern FLOAT_ARITHMETIC =
      Pattern.compile(
          "^\\s*(add|sub|mul|fma|div|sqrt|rcp|neg|abs|min|max)((?:\\.[a-z0-9]+)*)\\.f32\\b");
  private static final List<String> FORBIDDEN =
      List.of(
          ".approx",
          ".ftz",
          ".full",
          "ex2.",
          "lg2.",
          "sin.",
          "cos.",
          "rsqrt.",
          "tanh.",
          ".sat.f32");

  @Test
  void shouldRoundEveryFloatOperationToNearestWithoutContraction() {
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    for (String module : PtxModules.fromClasspath().moduleNames()) {
      for (String line : PtxModules.fromClasspath().text(module).lines().toList()) {
        Matcher matcher = FLOAT_ARITHMETIC.matcher(line);
        if (!matcher.find()) {
          continue;
        }
        checked++;
        String op = matcher.group(1);
        boolean needsRounding = !List.of("neg", "abs", "min", "max").contains(op);
        if (needsRounding && !matcher.group(2).contains(".rn")) {
          offenders.add(module + ": " + line.trim());
        }
      }
    }
    assertThat(checked).as("float instructions seen").isGreaterThan(100);
    assertThat(offenders).isEmpty();
  }

  @Test
  void shouldUseNoApproximateOrFlushingInstruction() {
    List<String> offenders = new ArrayList<>();
    for (String module : PtxModules.fromClasspath().moduleNames()) {
      for (String line : PtxModules.fromClasspath().text(module).lines().toList()) {
        String code = line.contains("//") ? line.substring(0, line.indexOf("//")) : line;
        for (String forbidden : FORBIDDEN) {
          if (code.contains(forbidden)) {
            offenders.add(module + ": " + line.trim());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void shouldTargetHopper() {
    for (String module : PtxModules.fromClasspath().moduleNames()) {
      assertThat(PtxModules.fromClasspath().text(module)).contains(".target sm_90");
    }
  }
}
