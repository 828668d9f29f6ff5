package org.polyculture.verifier.job;

import java.util.Objects;

/**
 * What the chain says of a job a verifier wants to audit: described, not (yet) known, or unusable
 * (its metadata does not describe a job this node can recompute).
 */
public sealed interface JobLookup {

  /** A job this node can recompute. */
  record Described(JobDescription job) implements JobLookup {
    public Described {
      Objects.requireNonNull(job, "job");
    }
  }

  /** No job with this id is indexed yet. */
  record Unknown() implements JobLookup {}

  /** The job exists but cannot be recomputed here; {@code reason} says why. */
  record Unusable(String reason) implements JobLookup {
    public Unusable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
