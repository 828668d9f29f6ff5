package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.worker.cuda.PendingStateHash;
import org.polyculture.worker.cuda.ResidentStateBackend;
import org.polyculture.worker.cuda.ResidentTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part (b) of the device check: a training run on the device, every step's state hashed on the
 * device, against the CPU reference. The CPU first recomputes the run step by step from genesis
 * (each of its states from its own previous one) for as long as its time allows; steps it does not
 * reach are then checked the verifier's way, from the device's own state before the step (served as
 * canonical bytes, decoded strictly, its hash checked) recomputed on the CPU. The result says how
 * many steps each way covered. A mismatch is narrowed to the first differing op output.
 */
final class TrainingCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingCheck.class);

  /**
   * @param samples how many states the device serves for checks from its own states, spread over
   *     the run
   * @param chainLimit the most steps the CPU chain recomputes (its time budget may stop it sooner)
   */
  record Plan(
      String name, ModelConfig config, int steps, int samples, int chainLimit, double seconds) {}

  /** The first step whose hashes differ, and where the step first differs. */
  record Mismatch(long step, String how, String deviceHash, String referenceHash, String located) {}

  record Result(
      String name,
      ModelConfig config,
      int steps,
      double deviceMsPerStep,
      int chained,
      double cpuMsPerStep,
      List<Integer> checkedFromDeviceStates,
      int unchecked,
      Optional<Mismatch> mismatch,
      float firstLoss,
      float lastLoss,
      Bytes32 genesisHash,
      List<Bytes32> deviceHashes,
      double seconds) {

    boolean passed() {
      return mismatch.isEmpty() && chained + checkedFromDeviceStates.size() > 0;
    }
  }

  private TrainingCheck() {}

  static Result run(
      Plan plan,
      Supplier<ResidentStateBackend> device,
      CpuReference cpu,
      TokenStream stream,
      long seed,
      Bytes32 datasetRoot) {
    Budget budget = new Budget(plan.seconds());
    ModelConfig config = plan.config();
    BatchSampler sampler = new BatchSampler(stream, seed, config.batch(), config.context());
    TrainingState genesis = Genesis.state(config, seed, datasetRoot);
    TreeSet<Integer> sampleSteps = new TreeSet<>();
    for (int i = 0; i < plan.samples(); i++) {
      sampleSteps.add((int) ((i + 0.5) * plan.steps() / plan.samples()));
    }
    Map<Integer, byte[]> served = new HashMap<>();
    List<Bytes32> hashes = new ArrayList<>(plan.steps());
    float firstLoss;
    float lastLoss;
    double deviceMsPerStep;
    Bytes32 deviceGenesisHash;
    try (ResidentStateBackend backend = device.get()) {
      ResidentTraining training = new ResidentTraining(backend, genesis);
      deviceGenesisHash = training.hashState().join();
      float[] losses = new float[plan.steps()];
      PendingStateHash[] pending = new PendingStateHash[plan.steps()];
      long servingNanos = 0;
      long start = System.nanoTime();
      for (int t = 0; t < plan.steps(); t++) {
        if (sampleSteps.contains(t)) {
          long serving = System.nanoTime();
          served.put(t, training.stateBytes());
          servingNanos += System.nanoTime() - serving;
        }
        ResidentTraining.StepRecord record = training.runStep(sampler.sample(t));
        pending[t] = record.stateHash();
        losses[t] = record.loss();
      }
      for (PendingStateHash hash : pending) {
        hashes.add(hash.join());
      }
      deviceMsPerStep = (System.nanoTime() - start - servingNanos) / 1e6 / plan.steps();
      firstLoss = losses[0];
      lastLoss = losses[plan.steps() - 1];
      LOG.info(
          "{}: {} device steps, {} ms/step, loss {} -> {}",
          plan.name(),
          plan.steps(),
          String.format("%.2f", deviceMsPerStep),
          firstLoss,
          lastLoss);

      try (CpuReference.Executor reference = cpu.executorFor(config)) {
        Optional<Mismatch> mismatch = Optional.empty();
        Bytes32 referenceGenesis = cpu.hasher().hash(genesis);
        if (!referenceGenesis.equals(deviceGenesisHash)) {
          mismatch =
              Optional.of(
                  new Mismatch(
                      -1,
                      "genesis state hash",
                      deviceGenesisHash.toHexString(),
                      referenceGenesis.toHexString(),
                      "the uploaded state hashes differently on the device"));
        }
        // The chain: the CPU's own states from genesis, for about 70% of the time.
        int chained = 0;
        long cpuNanos = 0;
        TrainingState state = genesis;
        double reserve = plan.seconds() * 0.3;
        while (mismatch.isEmpty() && chained < Math.min(plan.steps(), plan.chainLimit())) {
          double perStep = chained == 0 ? 0 : cpuNanos / 1e9 / chained;
          if (chained > 0 && !budget.allows(reserve + 1.2 * perStep)) {
            break;
          }
          long stepStart = System.nanoTime();
          StepOutcome outcome = reference.steps().step(state, sampler.sample(chained));
          Bytes32 hash = cpu.hasher().hash(outcome.state());
          cpuNanos += System.nanoTime() - stepStart;
          if (!hash.equals(hashes.get(chained))) {
            mismatch =
                Optional.of(
                    mismatchAt(
                        chained,
                        "chained",
                        hashes.get(chained),
                        hash,
                        training,
                        reference,
                        state,
                        sampler));
            break;
          }
          state = outcome.state();
          chained++;
        }
        double cpuMsPerStep = chained == 0 ? 0 : cpuNanos / 1e6 / chained;
        // The verifier's way, from states the device served, for the steps the chain did not reach.
        List<Integer> fromDevice = new ArrayList<>();
        for (int t : sampleSteps.tailSet(chained)) {
          if (mismatch.isPresent() || !budget.allows(1.5 * cpuMsPerStep / 1e3)) {
            break;
          }
          DecodeResult<TrainingState> decoded =
              StateCodec.decode(Bytes.wrap(served.get(t)), config);
          if (!decoded.isValid()) {
            mismatch =
                Optional.of(new Mismatch(t, "served state rejected", "", "", decoded.toString()));
            break;
          }
          TrainingState before = decoded.value();
          Bytes32 servedHash = cpu.hasher().hash(before);
          Bytes32 committed = t == 0 ? deviceGenesisHash : hashes.get(t - 1);
          if (!servedHash.equals(committed)) {
            mismatch =
                Optional.of(
                    new Mismatch(
                        t,
                        "served state does not hash to the device's hash",
                        committed.toHexString(),
                        servedHash.toHexString(),
                        ""));
            break;
          }
          StepOutcome outcome = reference.steps().step(before, sampler.sample(t));
          Bytes32 hash = cpu.hasher().hash(outcome.state());
          if (!hash.equals(hashes.get(t))) {
            mismatch =
                Optional.of(
                    mismatchAt(
                        t,
                        "from the device's state",
                        hashes.get(t),
                        hash,
                        training,
                        reference,
                        before,
                        sampler));
            break;
          }
          fromDevice.add(t);
        }
        int covered = chained + fromDevice.size();
        LOG.info(
            "{}: {} steps checked by the CPU chain, {} more from device states, {}",
            plan.name(),
            chained,
            fromDevice.size(),
            mismatch.map(m -> "MISMATCH at step " + m.step()).orElse("all equal"));
        return new Result(
            plan.name(),
            config,
            plan.steps(),
            deviceMsPerStep,
            chained,
            cpuMsPerStep,
            fromDevice,
            plan.steps() - covered,
            mismatch,
            firstLoss,
            lastLoss,
            deviceGenesisHash,
            hashes,
            budget.elapsedSeconds());
      }
    }
  }

  private static Mismatch mismatchAt(
      int step,
      String how,
      Bytes32 deviceHash,
      Bytes32 referenceHash,
      ResidentTraining device,
      CpuReference.Executor reference,
      TrainingState before,
      BatchSampler sampler) {
    LOG.error(
        "step {} ({}): device {} vs CPU {}; locating the op", step, how, deviceHash, referenceHash);
    String located =
        DivergenceLocator.locate(device, reference.steps(), before, sampler.sample(step))
            .toString();
    LOG.error("step {}: {}", step, located);
    return new Mismatch(step, how, deviceHash.toHexString(), referenceHash.toHexString(), located);
  }
}
