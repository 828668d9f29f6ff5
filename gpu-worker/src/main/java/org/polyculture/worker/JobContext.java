package org.polyculture.worker;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateCodec;

/**
 * A job as the worker trains it, rebuilt from chain data alone: the model config its spec hash
 * commits to, the seed, the dataset (fetched by root and checked against the pinned manifest hash)
 * and the genesis state hash, which the worker recomputed and found equal to the job's.
 */
public record JobContext(
    BigInteger jobId,
    ModelConfig config,
    long seed,
    Bytes32 datasetRoot,
    TokenStream stream,
    Bytes32 genesisStateHash,
    long segmentLength) {

  /** Samples step {@code t}'s batch from {@code (seed, t)}. */
  public BatchSampler sampler() {
    return new BatchSampler(stream, seed, config.batch(), config.context());
  }

  /** Bytes in any state of this job. */
  public long stateLength() {
    return StateCodec.encodedLength(config);
  }
}
