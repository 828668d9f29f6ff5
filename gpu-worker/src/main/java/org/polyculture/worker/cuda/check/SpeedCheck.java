package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.engine.train.Genesis;
import org.polyculture.worker.cuda.CudaBackend;
import org.polyculture.worker.cuda.DeviceTimer;
import org.polyculture.worker.cuda.PendingStateHash;
import org.polyculture.worker.cuda.ResidentTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part (d) of the device check, on the CUDA device: the canonical matmul's TFLOP/s at the model's
 * shapes (CUDA events around repeated launches), training throughput with the state resident and
 * hashed every step, and the device state hash on its own: GB/s and its share of a step.
 */
final class SpeedCheck {

  private static final Logger LOG = LoggerFactory.getLogger(SpeedCheck.class);

  record MatmulTiming(MatmulShape shape, int repetitions, double milliseconds, double tflops) {}

  record Training(
      String config,
      int tokensPerStep,
      int steps,
      double msPerStepHashed,
      double msPerStepUnhashed,
      double tokensPerSecond,
      long stateBytes,
      double hashMilliseconds,
      double hashGigabytesPerSecond,
      double hashShareOfStepOverlapped,
      double hashShareOfStepAlone) {}

  record Result(List<MatmulTiming> matmuls, Optional<Training> training, double seconds) {}

  private SpeedCheck() {}

  static Result run(
      Supplier<CudaBackend> device,
      ModelConfig config,
      int timedSteps,
      TokenStream stream,
      long seed,
      Bytes32 datasetRoot,
      Budget budget) {
    List<MatmulTiming> matmuls = new ArrayList<>();
    for (MatmulShape shape : MatmulShape.of(config)) {
      if (!budget.allows(3)) {
        break;
      }
      matmuls.add(timeMatmul(device, shape));
    }
    Optional<Training> training = Optional.empty();
    if (budget.allows(10)) {
      training = Optional.of(timeTraining(device, config, timedSteps, stream, seed, datasetRoot));
    }
    return new Result(matmuls, training, budget.elapsedSeconds());
  }

  private static MatmulTiming timeMatmul(Supplier<CudaBackend> device, MatmulShape shape) {
    SplittableRandom random = new SplittableRandom(shape.name().hashCode());
    TensorSpec a = TensorSpec.floats("a", shape.m() * shape.k());
    TensorSpec b = TensorSpec.floats("b", shape.k() * shape.n());
    TensorSpec out = TensorSpec.floats("out", shape.m() * shape.n());
    Op.Matmul op =
        new Op.Matmul(
            shape.name(),
            out,
            a,
            b,
            Optional.empty(),
            shape.transA(),
            shape.transB(),
            shape.m(),
            shape.n(),
            shape.k());
    StepScalars scalars = StepScalars.forwardOnly(0);
    try (CudaBackend backend = device.get();
        DeviceTimer timer = backend.timer()) {
      backend.allocate(List.of(a, b, out));
      backend.write(a, randomValues(random, a.size()));
      backend.write(b, randomValues(random, b.size()));
      backend.execute(op, scalars);
      timer.start();
      backend.execute(op, scalars);
      timer.stop();
      double once = Math.max(timer.milliseconds(), 1e-3);
      int repetitions = (int) Math.max(3, Math.min(200, Math.ceil(100.0 / once)));
      timer.start();
      for (int r = 0; r < repetitions; r++) {
        backend.execute(op, scalars);
      }
      timer.stop();
      double milliseconds = timer.milliseconds() / repetitions;
      double tflops = shape.flops() / (milliseconds * 1e-3) / 1e12;
      LOG.info(
          "matmul {} {}x{}x{}: {} ms, {} TFLOP/s",
          shape.name(),
          shape.m(),
          shape.n(),
          shape.k(),
          String.format("%.3f", milliseconds),
          String.format("%.2f", tflops));
      return new MatmulTiming(shape, repetitions, milliseconds, tflops);
    }
  }

  private static Training timeTraining(
      Supplier<CudaBackend> device,
      ModelConfig config,
      int timedSteps,
      TokenStream stream,
      long seed,
      Bytes32 datasetRoot) {
    BatchSampler sampler = new BatchSampler(stream, seed, config.batch(), config.context());
    try (CudaBackend backend = device.get()) {
      ResidentTraining training =
          new ResidentTraining(backend, Genesis.state(config, seed, datasetRoot));
      int t = 0;
      for (int warm = 0; warm < 3; warm++) {
        training.runStep(sampler.sample(t++)).stateHash().join();
      }
      backend.synchronize();
      long start = System.nanoTime();
      for (int s = 0; s < timedSteps; s++) {
        training.runUnhashedStep(sampler.sample(t++));
      }
      backend.synchronize();
      double unhashed = (System.nanoTime() - start) / 1e6 / timedSteps;
      start = System.nanoTime();
      List<PendingStateHash> pending = new ArrayList<>();
      for (int s = 0; s < timedSteps; s++) {
        pending.add(training.runStep(sampler.sample(t++)).stateHash());
      }
      pending.forEach(PendingStateHash::join);
      double hashed = (System.nanoTime() - start) / 1e6 / timedSteps;
      double hashMs = Double.MAX_VALUE;
      for (int r = 0; r < 5; r++) {
        backend.synchronize();
        long hashStart = System.nanoTime();
        training.hashState().join();
        hashMs = Math.min(hashMs, (System.nanoTime() - hashStart) / 1e6);
      }
      long stateBytes = 144 + 12 * config.parameterCount();
      int tokens = config.tokensPerStep();
      Training result =
          new Training(
              config.toString(),
              tokens,
              timedSteps,
              hashed,
              unhashed,
              tokens / (hashed / 1e3),
              stateBytes,
              hashMs,
              stateBytes / (hashMs / 1e3) / 1e9,
              Math.max(0, (hashed - unhashed) / hashed),
              hashMs / (hashMs + unhashed));
      LOG.info(
          "training: {} ms/step hashed, {} unhashed, {} tokens/s; state hash {} ms ({} GB/s)",
          String.format("%.2f", hashed),
          String.format("%.2f", unhashed),
          String.format("%.0f", result.tokensPerSecond()),
          String.format("%.2f", hashMs),
          String.format("%.2f", result.hashGigabytesPerSecond()));
      return result;
    }
  }

  private static float[] randomValues(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }

  /** The shapes and model that the PyTorch baseline measures, as it reads them. */
  static Map<String, Object> plan(ModelConfig config, int timedSteps) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("layers", config.layers());
    model.put("channels", config.channels());
    model.put("heads", config.heads());
    model.put("context", config.context());
    model.put("batch", config.batch());
    model.put("vocab", config.vocab());
    model.put("learningRate", config.maxLearningRate());
    model.put("beta1", config.beta1());
    model.put("beta2", config.beta2());
    model.put("epsilon", config.epsilon());
    model.put("weightDecay", config.weightDecay());
    model.put("maxGradNorm", config.maxGradNorm());
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("model", model);
    plan.put("timedSteps", timedSteps);
    plan.put("matmuls", MatmulShape.of(config));
    return plan;
  }
}
