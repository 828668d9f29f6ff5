package org.polyculture.worker.cuda.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.polyculture.protocol.audit.AuditSampler;
import org.polyculture.protocol.merkle.StepLeaf;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.worker.cuda.ResidentStateBackend;
import org.polyculture.worker.cuda.ResidentTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part (c) of the device check: a device-trained run committed as one segment and audited the way a
 * verifier audits it (docs/protocol.md), on the CPU. The step root is the Merkle root of the
 * device's per-step hashes; steps are picked by the protocol's AuditSampler from randomness fixed
 * after the root (here a hash of the root, standing in for a later block hash); the worker serves
 * each picked step's start state, which it reproduces by replaying its own run on the device; the
 * verifier decodes it strictly, checks its hash against the previous leaf's proof, recomputes the
 * step on its CPU and checks the result's hash against the picked leaf's proof.
 */
final class VerifierCheck {

  private static final Logger LOG = LoggerFactory.getLogger(VerifierCheck.class);

  /** The audit of one picked step. */
  record Audit(
      int step, boolean served, boolean startProven, boolean recomputedProven, double seconds) {
    boolean passed() {
      return served && startProven && recomputedProven;
    }
  }

  record Result(
      String segment, String stepRoot, int picks, List<Audit> audits, boolean replayReproduced) {
    boolean passed() {
      return replayReproduced && !audits.isEmpty() && audits.stream().allMatch(Audit::passed);
    }
  }

  private VerifierCheck() {}

  static Result run(
      TrainingCheck.Result trained,
      int picks,
      Supplier<ResidentStateBackend> device,
      CpuReference cpu,
      TokenStream stream,
      long seed,
      Bytes32 datasetRoot) {
    ModelConfig config = trained.config();
    List<Bytes32> hashes = trained.deviceHashes();
    int length = hashes.size();
    StepMerkleTree tree = StepMerkleTree.of(0, hashes);
    Bytes32 randomness = randomness(tree.root());
    List<Integer> offsets =
        AuditSampler.pickOffsets(randomness, 1, 0, length, Math.min(picks, length));
    BatchSampler sampler = new BatchSampler(stream, seed, config.batch(), config.context());
    TrainingState genesis = Genesis.state(config, seed, datasetRoot);

    // The worker replays its run on the device to serve the picked start states.
    Map<Integer, byte[]> served = new HashMap<>();
    int last = offsets.stream().mapToInt(Integer::intValue).max().orElseThrow();
    boolean reproduced = true;
    try (ResidentStateBackend backend = device.get()) {
      ResidentTraining replay = new ResidentTraining(backend, genesis);
      for (int t = 0; t <= last; t++) {
        if (offsets.contains(t)) {
          served.put(t, replay.stateBytes());
        }
        Bytes32 hash = replay.runStep(sampler.sample(t)).stateHash().join();
        reproduced &= hash.equals(hashes.get(t));
      }
    }

    Bytes32 genesisHash = cpu.hasher().hash(genesis);
    List<Audit> audits = new ArrayList<>();
    try (CpuReference.Executor verifier = cpu.executorFor(config)) {
      for (int t : offsets) {
        long start = System.nanoTime();
        DecodeResult<TrainingState> decoded = StateCodec.decode(Bytes.wrap(served.get(t)), config);
        if (!decoded.isValid() || decoded.value().step() != t) {
          audits.add(new Audit(t, false, false, false, (System.nanoTime() - start) / 1e9));
          continue;
        }
        TrainingState before = decoded.value();
        Bytes32 startHash = cpu.hasher().hash(before);
        boolean startProven =
            t == 0
                ? startHash.equals(genesisHash)
                : StepMerkleTree.verify(
                    tree.root(), new StepLeaf(t - 1, startHash), tree.proof(t - 1));
        StepOutcome outcome = verifier.steps().step(before, sampler.sample(t));
        Bytes32 recomputed = cpu.hasher().hash(outcome.state());
        boolean recomputedProven =
            StepMerkleTree.verify(tree.root(), new StepLeaf(t, recomputed), tree.proof(t));
        audits.add(
            new Audit(t, true, startProven, recomputedProven, (System.nanoTime() - start) / 1e9));
      }
    }
    Result result =
        new Result(
            trained.name() + " steps [0, " + length + ")",
            tree.root().toHexString(),
            offsets.size(),
            audits,
            reproduced);
    LOG.info(
        "verifier: {} audits of {}, {}",
        audits.size(),
        result.segment(),
        result.passed() ? "all proven" : "FAILED");
    return result;
  }

  private static Bytes32 randomness(Bytes32 root) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("polyculture.gpu-check.audit-randomness".getBytes(StandardCharsets.US_ASCII));
      sha256.update(root.toArrayUnsafe());
      return Bytes32.wrap(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
