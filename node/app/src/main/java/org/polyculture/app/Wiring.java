package org.polyculture.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.dataset.DatasetFiles;
import org.polyculture.app.dataset.PackedDataset;
import org.polyculture.app.training.ComputeResources;
import org.polyculture.app.training.OpenedRun;
import org.polyculture.app.training.ReplayReport;
import org.polyculture.app.training.RunDirectory;
import org.polyculture.app.training.RunSummary;
import org.polyculture.app.training.StepReplay;
import org.polyculture.app.training.TrainSettings;
import org.polyculture.app.training.TrainingData;
import org.polyculture.app.training.TrainingRun;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.TextGenerator;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageException;
import org.polyculture.storage.StorageLockedException;
import org.polyculture.storage.checkpoint.CheckpointStore;
import org.polyculture.storage.checkpoint.RunMetadata;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.worker.cuda.BackendChooser;
import org.polyculture.worker.cuda.BackendKind;
import org.polyculture.worker.cuda.CudaException;

/**
 * The one place where the {@code polyculture} process is put together: backends and their thread
 * pools, checkpoint storage, datasets and JSON output. Commands parse options into settings and
 * call in here; nothing else constructs infrastructure.
 */
public final class Wiring {

  private final Environment environment;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Wiring(Environment environment) {
    this.environment = environment;
  }

  public Environment environment() {
    return environment;
  }

  /** A failure the user caused with a flag. */
  public static CommandFailure usage(String message) {
    return new CommandFailure(ExitCode.USAGE, message);
  }

  /** Builds settings, turning the validating builder's refusal into a usage error. */
  public <T> T settings(Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** Trains from genesis as {@code settings} say; writes the run directory. */
  public RunSummary train(TrainSettings settings, PrintWriter err) {
    RunDirectory directory = new RunDirectory(settings.out());
    if (directory.holdsRun()) {
      throw usage(settings.out() + " already holds a run; choose another --out");
    }
    TrainingData dataset = DatasetFiles.load(settings.dataset());
    int context = settings.config().context();
    if (dataset.stream().trainLength() <= context) {
      throw new CommandFailure(
          ExitCode.INVALID_DATASET,
          "the dataset has "
              + dataset.stream().trainLength()
              + " training bytes; "
              + settings.configName()
              + " needs more than its context of "
              + context);
    }
    createDirectories(directory.checkpoints());
    try (ComputeResources compute = compute(settings.backend(), settings.threads());
        KeyValueStorage storage = openStorage(directory.checkpoints())) {
      CheckpointStore store = new CheckpointStore(storage, compute.hasher());
      RunSummary summary =
          new TrainingRun(
                  settings, dataset, compute, store, directory, err, environment.nanoTime(), json)
              .run();
      writeJson(directory.summary(), summary);
      return summary;
    }
  }

  /** Recomputes step {@code step} of the run in {@code runDirectory}. */
  public ReplayReport replay(
      Path runDirectory,
      long step,
      Optional<Path> datasetOverride,
      BackendChoice backend,
      int threads) {
    requireThreads(threads);
    try (ComputeResources compute = compute(backend, threads);
        OpenedRun run = openRun(runDirectory, compute.hasher())) {
      Path datasetDirectory = datasetOverride.orElse(Path.of(run.metadata().datasetLocation()));
      TrainingData dataset = DatasetFiles.load(datasetDirectory);
      if (!dataset.root().equals(run.metadata().datasetRoot())) {
        throw new CommandFailure(
            ExitCode.INVALID_DATASET,
            "dataset "
                + datasetDirectory
                + " has root "
                + dataset.root().toHexString()
                + ", the run trained on "
                + run.metadata().datasetRoot().toHexString());
      }
      return new StepReplay(run, dataset, compute, environment.nanoTime()).replay(step);
    }
  }

  /** Generates {@code length} bytes after {@code prompt} from the run's latest checkpoint. */
  public byte[] sample(
      Path runDirectory,
      byte[] prompt,
      int length,
      float temperature,
      long seed,
      BackendChoice backend,
      int threads) {
    requireThreads(threads);
    try (ComputeResources compute = compute(backend, threads);
        OpenedRun run = openRun(runDirectory, compute.hasher());
        Backend generationBackend = compute.newBackend()) {
      TrainingState state = run.loadLatestCheckpoint();
      TextGenerator generator = new TextGenerator(generationBackend, state.config());
      generator.load(state.parameters());
      return generator.generate(prompt, length, temperature, seed);
    }
  }

  /** Packs {@code files} into a dataset at {@code out}. */
  public PackedDataset pack(List<Path> files, Path out, Optional<Long> heldOut) {
    return DatasetFiles.pack(files, out, heldOut);
  }

  /** Packs the demo corpus, trains nano on it and prints the summary and a sample. */
  public void demo(
      int steps,
      Duration timeLimit,
      Optional<Path> outOption,
      int threads,
      PrintWriter out,
      PrintWriter err) {
    Path corpus =
        environment
            .corpusDirectory()
            .map(directory -> directory.resolve("text"))
            .filter(Files::isDirectory)
            .orElseThrow(
                () ->
                    new CommandFailure(
                        ExitCode.NOT_FOUND,
                        "the demo corpus is missing: run scripts/fetch-corpus (or start the demo"
                            + " with scripts/polyculture demo, which fetches it)"));
    Path base = outOption.orElseGet(this::freshDemoDirectory);
    Path datasetDirectory = base.resolve("dataset");
    err.println("polyculture demo: packing the corpus in " + corpus + " ...");
    PackedDataset packed = pack(List.of(corpus), datasetDirectory, Optional.empty());
    err.println(
        "polyculture demo: "
            + packed.totalBytes()
            + " bytes in "
            + packed.shards()
            + " shards, dataset root "
            + packed.root());
    TrainSettings settings =
        settings(
            () ->
                TrainSettings.builder()
                    .configName("nano")
                    .dataset(datasetDirectory)
                    .steps(steps)
                    .out(base.resolve("run"))
                    .backend(BackendChoice.CPU)
                    .threads(threads)
                    .seed(1)
                    .checkpointEvery(100)
                    .timeLimit(Optional.of(timeLimit))
                    .build());
    RunSummary summary = train(settings, err);
    printJson(out, summary);
    String prompt = "The secret of life is ";
    byte[] text =
        sample(
            base.resolve("run"),
            prompt.getBytes(StandardCharsets.UTF_8),
            300,
            0.8f,
            1,
            BackendChoice.CPU,
            threads);
    out.println();
    out.println("Sample after " + summary.steps() + " steps:");
    out.println(prompt + printable(text));
    out.println();
    out.println("Run directory: " + base.resolve("run"));
    out.println(
        "Replay a step:  scripts/polyculture replay --run " + base.resolve("run") + " --step 0");
    out.flush();
  }

  /** Writes {@code value} as indented JSON and a new line. */
  public void printJson(PrintWriter out, Object value) {
    try {
      out.println(json.writeValueAsString(value));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Generated bytes as text for a terminal: UTF-8 where valid; invalid sequences and control
   * characters other than new lines and tabs become U+FFFD.
   */
  public static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    new String(bytes, StandardCharsets.UTF_8)
        .codePoints()
        .map(c -> c == '\n' || c == '\t' || !Character.isISOControl(c) ? c : 0xFFFD)
        .forEach(text::appendCodePoint);
    return text.toString();
  }

  ComputeResources compute(BackendChoice choice, int threads) {
    requireThreads(threads);
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, daemonThreads("polyculture-compute"));
    StateHasher hasher = new StateHasher(pool, threads);
    return switch (choice) {
      case SCALAR ->
          new ComputeResources(
              choice.cliName(), threads, ScalarBackend::new, hasher, pool::shutdownNow);
      case CPU ->
          new ComputeResources(
              choice.cliName(),
              threads,
              () -> new VectorBackend(pool, threads),
              hasher,
              pool::shutdownNow);
      case CUDA, AUTO -> gpuCompute(choice, threads, pool, hasher);
    };
  }

  /**
   * Resolves {@code cuda} or {@code auto} once, at start: a missing device is reported before any
   * work begins, and {@code auto} does not probe the driver again for every backend it opens.
   */
  private static ComputeResources gpuCompute(
      BackendChoice choice, int threads, ExecutorService pool, StateHasher hasher) {
    BackendChooser chooser = new BackendChooser(pool, threads);
    BackendKind kind = choice == BackendChoice.CUDA ? BackendKind.CUDA : BackendKind.AUTO;
    BackendChooser.Choice probe;
    try {
      probe = chooser.choose(kind);
    } catch (CudaException e) {
      pool.shutdownNow();
      throw new CommandFailure(
          ExitCode.BACKEND_UNAVAILABLE,
          "--backend cuda: no usable CUDA device (" + e.getMessage() + "); use --backend cpu",
          e);
    }
    BackendKind resolved = probe.fallbackReason().isPresent() ? BackendKind.CPU : BackendKind.CUDA;
    probe.backend().close();
    return new ComputeResources(
        resolved.cliName(), threads, () -> chooser.open(resolved), hasher, pool::shutdownNow);
  }

  /** {@code .polyculture/demo} in the checkout, emptied: each demo starts from scratch. */
  private Path freshDemoDirectory() {
    Path demo = environment.home().orElse(Path.of(".")).resolve(".polyculture").resolve("demo");
    if (Files.exists(demo)) {
      try (Stream<Path> walk = Files.walk(demo)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new CommandFailure(
            ExitCode.IO_ERROR, "cannot clear the previous demo in " + demo + ": " + e, e);
      }
    }
    return demo;
  }

  private OpenedRun openRun(Path runDirectory, StateHasher hasher) {
    RunDirectory directory = new RunDirectory(runDirectory);
    if (!directory.holdsRun()) {
      throw new CommandFailure(ExitCode.NOT_FOUND, runDirectory + " holds no training run");
    }
    KeyValueStorage storage = openStorage(directory.checkpoints());
    try {
      CheckpointStore store = new CheckpointStore(storage, hasher);
      DecodeResult<RunMetadata> metadata =
          store
              .runMetadata()
              .orElseThrow(
                  () ->
                      new CommandFailure(
                          ExitCode.CORRUPT_CHECKPOINT, "the run's metadata record is missing"));
      if (!metadata.isValid()) {
        throw new CommandFailure(
            ExitCode.CORRUPT_CHECKPOINT,
            "the run's metadata record is damaged: " + metadata.error().orElseThrow());
      }
      return new OpenedRun(storage, store, metadata.value());
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  private KeyValueStorage openStorage(Path directory) {
    try {
      return LmdbKeyValueStorage.open(LmdbConfig.at(directory));
    } catch (StorageCorruptException e) {
      throw new CommandFailure(
          ExitCode.CORRUPT_CHECKPOINT,
          "the checkpoint store in " + directory + " is damaged: " + e.getMessage(),
          e);
    } catch (StorageLockedException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "the run in " + directory + " is in use: " + e.getMessage(), e);
    } catch (StorageException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR,
          "cannot open the checkpoint store in " + directory + ": " + e.getMessage(),
          e);
    }
  }

  private void writeJson(Path path, Object value) {
    try {
      Files.writeString(path, json.writeValueAsString(value) + System.lineSeparator());
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void requireThreads(int threads) {
    if (threads < 1 || threads > 1024) {
      throw usage("--threads must be in [1, 1024], was " + threads);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
