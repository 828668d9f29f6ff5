package org.polyculture.verifier.job;

import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.storage.dataset.LoadedDataset;

/**
 * A job ready to be recomputed: its description, its verified dataset, and its genesis state
 * (checked against the genesis hash on chain).
 */
public final class JobWorkspace {

  private final JobDescription job;
  private final TokenStream tokens;
  private final TrainingState genesis;
  private final BatchSampler batches;

  private JobWorkspace(JobDescription job, TokenStream tokens, TrainingState genesis) {
    this.job = job;
    this.tokens = tokens;
    this.genesis = genesis;
    this.batches =
        new BatchSampler(tokens, job.seed(), job.config().batch(), job.config().context());
  }

  /**
   * The workspace of {@code job} over {@code dataset} (already checked against its manifest), if
   * the dataset is the one the job names and fits its model, and the job's genesis hash is the hash
   * of the genesis state its metadata defines.
   */
  public static JobPreparation prepare(
      JobDescription job, LoadedDataset dataset, StateHasher hasher) {
    if (!dataset.manifest().root().equals(job.datasetRoot())
        || !dataset.manifest().manifestHash().equals(job.datasetManifestHash())) {
      return new JobPreparation.Unusable(
          "the dataset served as "
              + job.datasetRoot()
              + " has root "
              + dataset.manifest().root()
              + " and manifest hash "
              + dataset.manifest().manifestHash()
              + "; the job names manifest hash "
              + job.datasetManifestHash());
    }
    int context = job.config().context();
    long trainingBytes = dataset.manifest().trainingBytes();
    if (trainingBytes <= context) {
      return new JobPreparation.Unusable(
          "the dataset's " + trainingBytes + " training bytes do not fit context " + context);
    }
    TokenStream tokens = TokenStream.of(dataset.tokens(), (int) trainingBytes);
    TrainingState genesis = Genesis.state(job.config(), job.seed(), job.datasetRoot());
    Bytes32 genesisHash = hasher.hash(genesis);
    if (!genesisHash.equals(job.genesisStateHash())) {
      return new JobPreparation.Unusable(
          "the job's genesis hash "
              + job.genesisStateHash()
              + " is not the hash of its genesis state, "
              + genesisHash);
    }
    return new JobPreparation.Ready(new JobWorkspace(job, tokens, genesis));
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
