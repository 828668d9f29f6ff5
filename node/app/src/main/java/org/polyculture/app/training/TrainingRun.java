package org.polyculture.app.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.HeldOutEvaluation;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.storage.checkpoint.CheckpointStore;
import org.polyculture.storage.checkpoint.CheckpointStore.StateRecord;
import org.polyculture.storage.checkpoint.RunMetadata;

/**
 * One training run from genesis: each step's state hash goes to the step log at once and to the
 * checkpoint store with the next checkpoint (every {@code checkpointEvery} steps and the last,
 * where the whole state is kept); at the end the held-out loss is measured and a {@link RunSummary}
 * returned.
 */
public final class TrainingRun {

  private static final int RECENT = 10;

  private final TrainSettings settings;
  private final TrainingData dataset;
  private final ComputeResources compute;
  private final CheckpointStore store;
  private final RunDirectory directory;
  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final ObjectMapper json;

  public TrainingRun(
      TrainSettings settings,
      TrainingData dataset,
      ComputeResources compute,
      CheckpointStore store,
      RunDirectory directory,
      PrintWriter err,
      LongSupplier nanoTime,
      ObjectMapper json) {
    this.settings = settings;
    this.dataset = dataset;
    this.compute = compute;
    this.store = store;
    this.directory = directory;
    this.err = err;
    this.nanoTime = nanoTime;
    this.json = json;
  }

  public RunSummary run() {
    ModelConfig config = settings.config();
    BatchSampler sampler =
        new BatchSampler(dataset.stream(), settings.seed(), config.batch(), config.context());
    store.putRunMetadata(
        new RunMetadata(
            settings.configName(),
            config,
            settings.seed(),
            dataset.root(),
            dataset.directory().toAbsolutePath().toString()));
    TrainingState state = Genesis.state(config, settings.seed(), dataset.root());
    Bytes32 genesisHash = compute.hasher().hash(state);
    store.record(state, genesisHash, Optional.empty(), true);

    long deadline =
        settings
            .timeLimit()
            .map(limit -> nanoTime.getAsLong() + limit.toNanos())
            .orElse(Long.MAX_VALUE);
    Deque<Float> recent = new ArrayDeque<>();
    List<StateRecord> pending = new ArrayList<>();
    float initialLoss = Float.NaN;
    float loss = Float.NaN;
    Bytes32 hash = genesisHash;
    long hashNanos = 0;
    long start = nanoTime.getAsLong();
    try (Backend backend = compute.newBackend();
        StepLog log = new StepLog(directory.stepLog(), json);
        ProgressDisplay progress =
            new ProgressDisplay("train " + settings.configName(), settings.steps(), err)) {
      StepExecutor executor = new StepExecutor(backend, config);
      for (int t = 0; t < settings.steps(); t++) {
        StepOutcome outcome = executor.step(state, sampler.sample(t));
        state = outcome.state();
        loss = outcome.loss();
        if (t == 0) {
          initialLoss = loss;
        }
        long hashStart = nanoTime.getAsLong();
        hash = compute.hasher().hash(state);
        hashNanos += nanoTime.getAsLong() - hashStart;
        boolean last = t + 1 == settings.steps() || nanoTime.getAsLong() >= deadline;
        boolean keep = (t + 1) % settings.checkpointEvery() == 0 || last;
        pending.add(
            new StateRecord(
                state.step(),
                hash,
                Optional.of(loss),
                keep ? Optional.of(state) : Optional.empty()));
        if (keep) {
          // One write transaction (one disk sync) per checkpoint, not per step.
          store.record(pending);
          pending.clear();
        }
        log.append(t, loss, hash);
        recent.addLast(loss);
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
        double elapsed = seconds(nanoTime.getAsLong() - start);
        progress.update(t + 1, loss, (t + 1) / Math.max(elapsed, 1e-9));
        if (last) {
          break;
        }
      }
      double trainSeconds = seconds(nanoTime.getAsLong() - start);
      Optional<HeldOutEvaluation> heldOut =
          HeldOutEvaluation.evaluate(executor, state, dataset.stream(), settings.heldOutWindows());
      long steps = state.step();
      return new RunSummary(
          settings.configName(),
          config.specHash().toHexString(),
          dataset.root().toHexString(),
          compute.backendName(),
          compute.threads(),
          settings.seed(),
          settings.steps(),
          steps,
          initialLoss,
          loss,
          recent.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN),
          heldOut.map(HeldOutEvaluation::bitsPerByte).orElse(null),
          heldOut.map(HeldOutEvaluation::bytes).orElse(null),
          genesisHash.toHexString(),
          hash.toHexString(),
          trainSeconds,
          steps / trainSeconds,
          steps * (double) config.tokensPerStep() / trainSeconds,
          seconds(hashNanos),
          seconds(hashNanos) / trainSeconds);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
