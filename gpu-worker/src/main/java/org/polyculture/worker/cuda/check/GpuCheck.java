package org.polyculture.worker.cuda.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.worker.cuda.CudaAvailability;
import org.polyculture.worker.cuda.CudaBackend;
import org.polyculture.worker.cuda.HostResidentBackend;
import org.polyculture.worker.cuda.ResidentStateBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device check (scripts/gpu-check, docs/gpu.md): on a machine with an NVIDIA GPU, shows that
 * the CUDA backend computes what the CPU reference computes, bit for bit, and how fast. In order:
 * (a) every op on random shapes and edge values; (b) training runs of a small and a GPU-sized
 * model, every per-step state hash from the device compared with the CPU's; (c) a device-trained
 * segment audited the verifier's way on the CPU; (d) speed of the canonical matmul and of training,
 * beside the PyTorch baseline's cuBLAS and eager figures, and the device state hash. Writes
 * gpu-check.json and gpu-check.txt; exits 0 when every bit-exactness part passed, 1 when one
 * failed, 2 when there is no device.
 */
public final class GpuCheck {

  private static final Logger LOG = LoggerFactory.getLogger(GpuCheck.class);

  private static final long CORPUS_SEED = 2026;
  private static final int CORPUS_BYTES = 4 << 20;
  private static final long JOB_SEED = 20261128L;
  private static final int STEPS = 200;
  private static final int SPEED_STEPS = 20;

  private final CheckOptions options;
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final List<String> summary = new ArrayList<>();
  private boolean exact = true;
  private OpExactnessCheck.Result opsResult;
  private final List<TrainingCheck.Result> trainingResults = new ArrayList<>();
  private VerifierCheck.Result auditResult;
  private final List<BenchmarkSection.MatmulRow> matmulRows = new ArrayList<>();
  private Optional<Double> matmulRatio = Optional.empty();
  private Optional<SpeedCheck.Training> trainingSpeed = Optional.empty();
  private Optional<Double> torchTokensPerSecond = Optional.empty();

  private GpuCheck(CheckOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws IOException {
    CheckOptions options;
    try {
      options = CheckOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("gpu-check: " + e.getMessage());
      System.exit(64);
      return;
    }
    if (options.plan().isPresent()) {
      writeJson(options.plan().get(), SpeedCheck.plan(speedConfig(options), SPEED_STEPS));
      return;
    }
    System.exit(new GpuCheck(options).run());
  }

  private int run() throws IOException {
    Files.createDirectories(options.out());
    report.put("date", Instant.now().toString());
    report.put("host", host());
    CudaAvailability availability = CudaAvailability.probe();
    report.put("cuda", availability.toString());
    boolean cuda = options.device().equals("cuda");
    if (cuda && !availability.available()) {
      summary.add("NO DEVICE: " + availability);
      report.put("verdict", "NO DEVICE");
      write();
      return 2;
    }
    report.put("device", cuda ? availability.detail() : "cpu backend (harness check, not a GPU)");
    CpuReference cpu = new CpuReference(options.threads());
    try {
      checkAll(cuda, cpu);
    } finally {
      cpu.close();
    }
    report.put("verdict", exact ? "BIT-EXACT" : "MISMATCH");
    summary.add(
        0, "verdict: " + (exact ? "every compared hash and op output is bit-exact" : "MISMATCH"));
    write();
    return exact ? 0 : 1;
  }

  private void checkAll(boolean cuda, CpuReference cpu) {
    double total = options.budgetSeconds();
    Supplier<ResidentStateBackend> device =
        cuda
            ? CudaBackend::open
            : () -> new HostResidentBackend(new VectorBackend(cpuHelpers(), 2));
    Supplier<Backend> plain = device::get;
    TokenStream stream = SyntheticCorpus.stream(CORPUS_SEED, CORPUS_BYTES);
    Bytes32 root = SyntheticCorpus.root(CORPUS_SEED, CORPUS_BYTES);

    OpExactnessCheck.Result ops =
        OpExactnessCheck.run(
            plain, options.quick() ? 2 : 24, options.quick() ? 40 : 256, new Budget(0.12 * total));
    exact &= ops.passed();
    opsResult = ops;
    report.put("ops", ops);
    summary.add(
        String.format(
            "(a) ops: %d cases over %d op kinds, %d mismatches%s (%.0f s)",
            ops.cases(),
            ops.casesPerKind().size(),
            ops.failures().size(),
            ops.budgetExhausted() ? ", stopped by the time budget" : "",
            ops.seconds()));
    ops.failures().stream().limit(5).forEach(f -> summary.add("    " + f));

    List<TrainingCheck.Plan> plans = trainingPlans(total);
    List<Map<String, Object>> trainings = new ArrayList<>();
    TrainingCheck.Result first = null;
    for (TrainingCheck.Plan plan : plans) {
      TrainingCheck.Result result = TrainingCheck.run(plan, device, cpu, stream, JOB_SEED, root);
      first = first == null ? result : first;
      exact &= result.passed();
      trainingResults.add(result);
      trainings.add(training(result));
      summary.add(
          String.format(
              "(b) %s: %d steps on the device (%.1f ms/step); CPU chain %d steps (%.0f ms/step),"
                  + " %d more from device states, %d not compared: %s",
              result.name(),
              result.steps(),
              result.deviceMsPerStep(),
              result.chained(),
              result.cpuMsPerStep(),
              result.checkedFromDeviceStates().size(),
              result.unchecked(),
              result
                  .mismatch()
                  .map(m -> "MISMATCH at step " + m.step() + " (" + m.how() + "): " + m.located())
                  .orElse("all hashes equal")));
    }
    report.put("training", trainings);

    VerifierCheck.Result audit =
        VerifierCheck.run(first, options.quick() ? 3 : 8, device, cpu, stream, JOB_SEED, root);
    exact &= audit.passed();
    auditResult = audit;
    report.put("verifier", audit);
    summary.add(
        String.format(
            "(c) verifier: %s, %d picked steps audited on the CPU from device-served states: %s",
            audit.segment(),
            audit.audits().size(),
            audit.passed() ? "all proven against the step root" : "FAILED " + audit.audits()));

    if (cuda) {
      speed(stream, root, new Budget(0.18 * total));
    } else {
      summary.add("(d) speed: skipped (no CUDA device)");
    }
  }

  private List<TrainingCheck.Plan> trainingPlans(double total) {
    if (options.quick()) {
      ModelConfig tiny =
          ModelConfig.builder()
              .layers(2)
              .channels(32)
              .heads(2)
              .context(24)
              .batch(2)
              .warmupSteps(2)
              .totalSteps(50)
              .build();
      return List.of(
          new TrainingCheck.Plan("tiny", tiny, 6, 2, 3, 0.15 * total),
          new TrainingCheck.Plan(
              "tiny-b3", tiny.toBuilder().batch(3).build(), 4, 2, STEPS, 0.15 * total));
    }
    ModelConfig gpuBase = NamedConfig.GPU_BASE.config();
    return List.of(
        new TrainingCheck.Plan("micro", NamedConfig.MICRO.config(), STEPS, 8, STEPS, 0.15 * total),
        new TrainingCheck.Plan(
            "gpu-base with batch 4",
            gpuBase.toBuilder().batch(4).build(),
            STEPS,
            8,
            STEPS,
            0.30 * total),
        new TrainingCheck.Plan("gpu-base", gpuBase, STEPS, 6, STEPS, 0.15 * total));
  }

  private static ModelConfig speedConfig(CheckOptions options) {
    return NamedConfig.GPU_BASE.config();
  }

  private void speed(TokenStream stream, Bytes32 root, Budget budget) {
    ModelConfig config = speedConfig(options);
    SpeedCheck.Result speed =
        SpeedCheck.run(CudaBackend::open, config, SPEED_STEPS, stream, JOB_SEED, root, budget);
    Optional<JsonNode> baseline = options.baseline().flatMap(GpuCheck::readBaseline);
    Map<String, Object> section = new LinkedHashMap<>();
    List<Map<String, Object>> matmuls = new ArrayList<>();
    double canonicalSeconds = 0;
    double cublasSeconds = 0;
    boolean allShapesInBaseline = true;
    for (SpeedCheck.MatmulTiming timing : speed.matmuls()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("shape", timing.shape());
      row.put("canonicalMs", timing.milliseconds());
      row.put("canonicalTflops", timing.tflops());
      Optional<JsonNode> torch = baseline.flatMap(b -> baselineMatmul(b, timing.shape()));
      if (torch.isPresent()) {
        double ms = torch.get().path("ms").asDouble();
        row.put("cublasMs", ms);
        row.put("cublasTflops", torch.get().path("tflops").asDouble());
        row.put("canonicalOverCublas", ms / timing.milliseconds());
        canonicalSeconds += timing.milliseconds();
        cublasSeconds += ms;
      } else {
        allShapesInBaseline = false;
      }
      matmuls.add(row);
      matmulRows.add(
          new BenchmarkSection.MatmulRow(
              timing.shape(), timing.tflops(), torch.map(t -> t.path("tflops").asDouble())));
      summary.add(
          String.format(
              "(d) matmul %-22s %5dx%5dx%5d: canonical %6.2f TFLOP/s%s",
              timing.shape().name(),
              timing.shape().m(),
              timing.shape().n(),
              timing.shape().k(),
              timing.tflops(),
              torch
                  .map(
                      t ->
                          String.format(
                              ", cuBLAS FP32 %6.2f TFLOP/s, ratio %3.0f%%",
                              t.path("tflops").asDouble(),
                              100 * t.path("ms").asDouble() / timing.milliseconds()))
                  .orElse(", no cuBLAS figure")));
    }
    section.put("matmuls", matmuls);
    if (allShapesInBaseline && !matmuls.isEmpty()) {
      double ratio = cublasSeconds / canonicalSeconds;
      matmulRatio = Optional.of(ratio);
      section.put("matmulTimeRatioAllShapes", ratio);
      summary.add(
          String.format(
              "(d) canonical matmul over all shapes: %.0f%% of cuBLAS FP32 speed (target >= 50%%: %s)",
              100 * ratio, ratio >= 0.5 ? "met" : "NOT MET"));
    }
    speed
        .training()
        .ifPresent(
            training -> {
              section.put("training", training);
              Optional<Double> torchTokens =
                  baseline.map(b -> b.path("training").path("tokensPerSecond").asDouble());
              trainingSpeed = Optional.of(training);
              torchTokensPerSecond = torchTokens;
              summary.add(
                  String.format(
                      "(d) training gpu-base: %.0f tokens/s (%.1f ms/step with hashing, %.1f without)%s",
                      training.tokensPerSecond(),
                      training.msPerStepHashed(),
                      training.msPerStepUnhashed(),
                      torchTokens
                          .map(
                              t ->
                                  String.format(
                                      "; PyTorch FP32 eager %.0f tokens/s, ratio %.0f%% (target >= 50%%: %s)",
                                      t,
                                      100 * training.tokensPerSecond() / t,
                                      training.tokensPerSecond() >= 0.5 * t ? "met" : "NOT MET"))
                          .orElse("; no PyTorch figure")));
              torchTokens.ifPresent(
                  t -> section.put("trainingOverPytorch", training.tokensPerSecond() / t));
              summary.add(
                  String.format(
                      "(d) state hash on the device: %.1f MB in %.1f ms (%.2f GB/s); share of a step:"
                          + " %.1f%% overlapped with the next step, %.1f%% if run alone (target < 5%%: %s)",
                      training.stateBytes() / 1e6,
                      training.hashMilliseconds(),
                      training.hashGigabytesPerSecond(),
                      100 * training.hashShareOfStepOverlapped(),
                      100 * training.hashShareOfStepAlone(),
                      training.hashShareOfStepOverlapped() < 0.05 ? "met" : "NOT MET"));
            });
    baseline.ifPresent(b -> section.put("baseline", b));
    report.put("speed", section);
  }

  private static Optional<JsonNode> readBaseline(Path path) {
    try {
      return Optional.of(new ObjectMapper().readTree(path.toFile()));
    } catch (IOException e) {
      LOG.warn("cannot read the PyTorch baseline {}: {}", path, e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> baselineMatmul(JsonNode baseline, MatmulShape shape) {
    for (JsonNode row : baseline.path("matmuls")) {
      if (row.path("name").asText().equals(shape.name())
          && row.path("m").asInt() == shape.m()
          && row.path("n").asInt() == shape.n()
          && row.path("k").asInt() == shape.k()) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  private static Map<String, Object> training(TrainingCheck.Result result) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", result.name());
    map.put("config", result.config().toString());
    map.put("parameters", result.config().parameterCount());
    map.put("steps", result.steps());
    map.put("deviceMsPerStep", result.deviceMsPerStep());
    map.put("cpuChainedSteps", result.chained());
    map.put("cpuMsPerStep", result.cpuMsPerStep());
    map.put("checkedFromDeviceStates", result.checkedFromDeviceStates());
    map.put("notCompared", result.unchecked());
    map.put("mismatch", result.mismatch().orElse(null));
    map.put("passed", result.passed());
    map.put("firstLoss", result.firstLoss());
    map.put("lastLoss", result.lastLoss());
    map.put("genesisHash", result.genesisHash().toHexString());
    map.put(
        "lastStateHash", result.deviceHashes().get(result.deviceHashes().size() - 1).toHexString());
    map.put("seconds", result.seconds());
    return map;
  }

  private static java.util.concurrent.ExecutorService cpuHelpers() {
    return java.util.concurrent.Executors.newCachedThreadPool(
        runnable -> {
          Thread thread = new Thread(runnable, "harness-device");
          thread.setDaemon(true);
          return thread;
        });
  }

  private Map<String, Object> host() {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("processors", Runtime.getRuntime().availableProcessors());
    host.put("referenceThreads", options.threads());
    host.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    host.put("java", System.getProperty("java.version"));
    host.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    host.put("budgetSeconds", options.budgetSeconds());
    host.put("quick", options.quick());
    return host;
  }

  private void write() throws IOException {
    report.put("summary", summary);
    writeJson(options.out().resolve("gpu-check.json"), report);
    String text =
        "Polyculture device check, "
            + report.get("date")
            + "\ndevice: "
            + report.getOrDefault("device", report.get("cuda"))
            + "\n"
            + String.join("\n", summary)
            + "\n";
    Files.writeString(options.out().resolve("gpu-check.txt"), text, StandardCharsets.UTF_8);
    if (opsResult != null && auditResult != null) {
      Files.writeString(
          options.out().resolve("gpu-check.md"),
          BenchmarkSection.render(
              String.valueOf(report.get("date")).substring(0, 10),
              String.valueOf(report.get("device")),
              host(),
              opsResult,
              trainingResults,
              auditResult,
              matmulRows,
              matmulRatio,
              trainingSpeed,
              torchTokensPerSecond),
          StandardCharsets.UTF_8);
    }
    System.out.print(text);
  }

  private static void writeJson(Path path, Object value) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), value);
  }
}
