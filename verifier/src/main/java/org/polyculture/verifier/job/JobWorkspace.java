package org.polyculture.verifier.job;

import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.state.TrainingState;

/**
 * A job ready to be recomputed: its description, its verified dataset, and its genesis state
 * (checked against the genesis hash on chain).
 */
public final class JobWorkspace {

  private final JobDescription job;
  private final TokenStream tokens;
  private final TrainingState genesis;
  private final BatchSampler batches;

  JobWorkspace(JobDescription job, TokenStream tokens, TrainingState genesis) {
    this.job = job;
    this.tokens = tokens;
    this.genesis = genesis;
    this.batches =
        new BatchSampler(tokens, job.seed(), job.config().batch(), job.config().context());
  }

  public JobDescription job() {
    return job;
  }

  public TokenStream tokens() {
    return tokens;
  }

  /** The batch sampler of the job: the batch of any step from (seed, step) alone. */
  public BatchSampler batches() {
    return batches;
  }

  /** The job's genesis state, whose hash is {@link JobDescription#genesisStateHash()}. */
  public TrainingState genesis() {
    return genesis;
  }

  public boolean isGenesis(Bytes32 stateHash) {
    return job.genesisStateHash().equals(stateHash);
  }
}
