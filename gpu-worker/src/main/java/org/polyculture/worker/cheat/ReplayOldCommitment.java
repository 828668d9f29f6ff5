package org.polyculture.worker.cheat;

import org.polyculture.worker.Commitment;

/**
 * Trains (so it has states to serve) but commits the step root and end state of the job's previous
 * segment, as if the work had been done before. With no earlier commitment (the job's first
 * segment), it replays its own start state as the end and a root of its own start state's hash.
 */
final class ReplayOldCommitment implements CheatStrategy {

  @Override
  public String name() {
    return "replay-old-commitment";
  }

  @Override
  public Commitment commitment(Commitment trained, CommitContext context) {
    return context
        .previous()
        .map(old -> new Commitment(trained.startStateHash(), old.stepRoot(), old.endStateHash()))
        .orElseGet(
            () ->
                new Commitment(
                    trained.startStateHash(), trained.startStateHash(), trained.startStateHash()));
  }
}
