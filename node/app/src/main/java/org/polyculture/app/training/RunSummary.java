package org.polyculture.app.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The final JSON summary of a training run (docs/training.md): what was trained, how well and how
 * fast. Rates are wall-clock measurements of this run on this machine.
 *
 * @param finalLoss the last step's loss on its batch (nats per byte)
 * @param recentLoss mean loss of the last ten steps
 * @param heldOutBitsPerByte cross-entropy on the held-out tail, bits per byte (null if too small)
 * @param hashSeconds wall time spent hashing states, part of {@code seconds}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public record RunSummary(
    String config,
    String specHash,
    String datasetRoot,
    String backend,
    int threads,
    long seed,
    int stepsRequested,
    long steps,
    float initialLoss,
    float finalLoss,
    double recentLoss,
    Double heldOutBitsPerByte,
    Long heldOutBytes,
    String genesisStateHash,
    String finalStateHash,
    double seconds,
    double stepsPerSecond,
    double tokensPerSecond,
    double hashSeconds,
    double hashShareOfStepTime) {}
