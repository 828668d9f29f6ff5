package org.polyculture.worker.cheat;

/**
 * Trains and commits honestly, then disappears: stops its server and does nothing more (no
 * finalization, no reward), leaving its commitment unserved.
 */
final class VanishAfterCommit implements CheatStrategy {

  @Override
  public String name() {
    return "vanish-after-commit";
  }

  @Override
  public boolean vanishesAfterCommit() {
    return true;
  }
}
