package org.polyculture.verifier.audit;

/** Why fetched state bytes (which do hash to the requested hash) are no state to recompute from. */
public enum StateRejection {
  /** The bytes are not a canonical serialised state of the job's model. */
  UNDECODABLE,
  /** The state is at a different step than the one it was committed for. */
  WRONG_STEP,
  /** The state carries another job's seed or dataset. */
  WRONG_JOB
}
