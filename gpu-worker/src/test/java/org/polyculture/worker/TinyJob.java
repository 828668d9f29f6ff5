package org.polyculture.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.storage.dataset.DatasetPacker;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.storage.dataset.PackOptions;

/**
 * A model small enough that a segment trains in well under a second on the scalar backend, and a
 * seeded dataset packed for it: what the worker tests train. Also the honest reference: the hashes
 * a segment must commit to, computed here independently of the worker.
 */
final class TinyJob {

  static final ModelConfig CONFIG =
      ModelConfig.builder()
          .layers(1)
          .channels(8)
          .heads(2)
          .context(8)
          .batch(2)
          .maxLearningRate(1e-2f)
          .minLearningRate(1e-3f)
          .warmupSteps(2)
          .totalSteps(64)
          .build();

  static final long SEED = 42;

  final Path datasetDirectory;
  final DatasetManifest manifest;
  final LoadedDataset dataset;

  private TinyJob(Path datasetDirectory) {
    this.datasetDirectory = datasetDirectory;
    this.dataset = DatasetReader.withDefaultLimits().read(datasetDirectory);
    this.manifest = dataset.manifest();
  }

  /** Packs 6,000 seeded letters and spaces into {@code scratch/dataset} in 2 KiB shards. */
  static TinyJob pack(Path scratch) {
    try {
      Path input = scratch.resolve("corpus.txt");
      byte[] text = new byte[6_000];
      Random random = new Random(7);
      for (int i = 0; i < text.length; i++) {
        text[i] = (byte) (random.nextInt(5) == 0 ? ' ' : 'a' + random.nextInt(26));
      }
      Files.createDirectories(scratch);
      Files.write(input, text);
      Path directory = scratch.resolve("dataset");
      new DatasetPacker(PackOptions.defaults(CONFIG.context()).withShardSize(2048))
          .pack(List.of(input), directory);
      return new TinyJob(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Bytes32 root() {
    return manifest.root();
  }

  TrainingState genesis() {
    return Genesis.state(CONFIG, SEED, root());
  }

  Bytes32 genesisHash() {
    return StateHasher.singleThreaded().hash(genesis());
  }

  /** The honest state after {@code steps} steps from genesis. */
  TrainingState honestState(long steps) {
    TrainingState state = genesis();
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, CONFIG);
      BatchSampler sampler = sampler();
      while (state.step() < steps) {
        state = executor.step(state, sampler.sample(state.step())).state();
      }
    }
    return state;
  }

  /** The honest commitment of segment {@code segment} of length {@code length}. */
  Commitment honestCommitment(long segment, int length) {
    StateHasher hasher = StateHasher.singleThreaded();
    long first = segment * length;
    TrainingState state = honestState(first);
    Bytes32 start = hasher.hash(state);
    List<Bytes32> hashes = new ArrayList<>();
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, CONFIG);
      BatchSampler sampler = sampler();
      for (int k = 0; k < length; k++) {
        state = executor.step(state, sampler.sample(state.step())).state();
        hashes.add(hasher.hash(state));
      }
    }
    return new Commitment(
        start, StepMerkleTree.of(first, hashes).root(), hashes.get(hashes.size() - 1));
  }

  BatchSampler sampler() {
    TokenStream stream = TokenStream.of(dataset.tokens(), (int) manifest.trainingBytes());
    return new BatchSampler(stream, SEED, CONFIG.batch(), CONFIG.context());
  }

  JobContext context(java.math.BigInteger jobId, long segmentLength) {
    TokenStream stream = TokenStream.of(dataset.tokens(), (int) manifest.trainingBytes());
    return new JobContext(jobId, CONFIG, SEED, root(), stream, genesisHash(), segmentLength);
  }
}
