package org.polyculture.verifier.job;

import java.util.Objects;

/** The outcome of getting a job ready to recompute. */
public sealed interface JobPreparation {

  /** The job can be recomputed. */
  record Ready(JobWorkspace workspace) implements JobPreparation {
    public Ready {
      Objects.requireNonNull(workspace, "workspace");
    }
  }

  /** Not now (metadata not indexed yet, dataset not reachable); try again later. */
  record NotYet(String reason) implements JobPreparation {
    public NotYet {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Never: the job cannot be recomputed by this node; {@code reason} says why. */
  record Unusable(String reason) implements JobPreparation {
    public Unusable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
