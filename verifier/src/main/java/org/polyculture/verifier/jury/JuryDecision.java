package org.polyculture.verifier.jury;

import java.util.Objects;
import java.util.Optional;
import org.polyculture.verifier.chain.Vote;

/** What a juror concluded: a vote with its reasoning, or no vote yet (and why). */
public record JuryDecision(Optional<Vote> vote, String reasoning) {

  public JuryDecision {
    Objects.requireNonNull(vote, "vote");
    Objects.requireNonNull(reasoning, "reasoning");
  }

  public static JuryDecision vote(Vote vote, String reasoning) {
    return new JuryDecision(Optional.of(vote), reasoning);
  }

  /** Cannot decide now (the job is not ready); asked again on the next pass. */
  public static JuryDecision notYet(String reasoning) {
    return new JuryDecision(Optional.empty(), reasoning);
  }
}
