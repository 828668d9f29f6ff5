package org.polyculture.app.devnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.worker.cheat.CheatStrategies;

/**
 * A scripted devnet run: {@code honest} (every worker honest), or one worker following a cheating
 * strategy (named as the worker's {@code --cheat} option) while the others stay honest.
 */
public record Scenario(String name, Optional<String> cheat) {

  public static final String HONEST = "honest";

  /** The scenario called {@code name}, if there is one. */
  public static Optional<Scenario> named(String name) {
    if (HONEST.equals(name)) {
      return Optional.of(new Scenario(HONEST, Optional.empty()));
    }
    return CheatStrategies.names().contains(name)
        ? Optional.of(new Scenario(name, Optional.of(name)))
        : Optional.empty();
  }

  /** Every scenario's name: honest first, then the strategies. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(HONEST);
    names.addAll(CheatStrategies.names());
    return List.copyOf(names);
  }

  public boolean isHonest() {
    return cheat.isEmpty();
  }
}
