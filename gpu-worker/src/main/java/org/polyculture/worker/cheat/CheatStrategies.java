package org.polyculture.worker.cheat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The cheating strategies by name. The single-step ones tamper with the step at {@code offset} of
 * each segment ({@code fewer-steps}: every step from it on), by default the middle one.
 */
public final class CheatStrategies {

  /** The environment variable that must say {@value #ENABLE} for any strategy to be created. */
  public static final String GATE_VARIABLE = "POLYCULTURE_TEST_CHEATS";

  public static final String ENABLE = "enable";

  private static final Map<String, Function<AtOffset, CheatStrategy>> BY_NAME =
      Map.of(
          "skip-step",
          SkipStep::new,
          "perturb-weights",
          PerturbWeights::new,
          "wrong-batch",
          WrongBatch::new,
          "wrong-learning-rate",
          WrongLearningRate::new,
          "fewer-steps",
          FewerSteps::new,
          "replay-old-commitment",
          at -> new ReplayOldCommitment(),
          "random-hashes",
          at -> new RandomHashes(),
          "withhold-states",
          at -> new WithholdStates(),
          "corrupt-served-states",
          at -> new CorruptServedStates(),
          "vanish-after-commit",
          at -> new VanishAfterCommit());

  private CheatStrategies() {}

  /** Every strategy's name, sorted. */
  public static List<String> names() {
    return BY_NAME.keySet().stream().sorted().toList();
  }

  /**
   * The strategy {@code name}, tampering at {@code offset} of each segment (default: its middle
   * step).
   */
  public static Optional<CheatStrategy> create(String name, OptionalInt offset) {
    Function<AtOffset, CheatStrategy> factory = BY_NAME.get(name);
    return factory == null ? Optional.empty() : Optional.of(factory.apply(new AtOffset(offset)));
  }

  /** Whether the environment opens the gate. */
  public static boolean gateOpen(Map<String, String> environment) {
    return ENABLE.equals(environment.get(GATE_VARIABLE));
  }
}
