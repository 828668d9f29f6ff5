package org.polyculture.worker;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateBytes;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.server.ServableState;
import org.polyculture.transfer.server.SourceUnavailableException;
import org.polyculture.transfer.server.StateSource;
import org.polyculture.worker.cheat.CheatStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves any state this worker recorded, by hash: a stored checkpoint as it is, any other state by
 * recomputing forward from the nearest checkpoint before it (with the same step function that
 * trained it) and checking the result against the recorded hash. Recomputation runs on a backend of
 * its own, one at a time; a request that waits too long for it gets 503 and tries again. The last
 * few states served are kept in memory, since a verifier fetches a state chunk by chunk.
 */
public final class WorkerStateSource implements StateSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerStateSource.class);
  private static final int CACHED_STATES = 2;
  private static final long RECOMPUTE_WAIT_SECONDS = 20;

  private final WorkerStore store;
  private final StateHasher hasher;
  private final SegmentTrainer trainer;
  private final Function<BigInteger, Optional<JobContext>> jobs;
  private final Supplier<Backend> backends;
  private final CheatStrategy cheat;
  private final ReentrantLock recomputing = new ReentrantLock();
  private final Map<Bytes32, ServableState> cache = new LinkedHashMap<>(4, 0.75f, true);
  private Optional<Executor> executor = Optional.empty();

  public WorkerStateSource(
      WorkerStore store,
      StateHasher hasher,
      SegmentTrainer trainer,
      Function<BigInteger, Optional<JobContext>> jobs,
      Supplier<Backend> backends,
      CheatStrategy cheat) {
    this.store = store;
    this.hasher = hasher;
    this.trainer = trainer;
    this.jobs = jobs;
    this.backends = backends;
    this.cheat = cheat;
  }

  @Override
  public Optional<ServableState> state(Bytes32 stateHash) {
    return cheat.serve(stateHash, honest(stateHash));
  }

  private Optional<ServableState> honest(Bytes32 stateHash) {
    synchronized (cache) {
      ServableState cached = cache.get(stateHash);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<StateLocation> location = store.locate(stateHash);
    if (location.isEmpty()) {
      return Optional.empty();
    }
    SegmentKey key = location.get().key();
    long step = location.get().step();
    Optional<ServableState> found =
        store
            .stateBytes(key, step)
            .map(StoredState::new)
            .filter(stored -> stored.tree().stateHash().equals(stateHash))
            .map(ServableState.class::cast)
            .or(() -> recompute(key, step, stateHash));
    found.ifPresent(
        state -> {
          synchronized (cache) {
            cache.put(stateHash, state);
            while (cache.size() > CACHED_STATES) {
              cache.remove(cache.keySet().iterator().next());
            }
          }
        });
    return found;
  }

  private Optional<ServableState> recompute(SegmentKey key, long step, Bytes32 stateHash) {
    Optional<SegmentRecord> record = store.record(key);
    Optional<JobContext> job = jobs.apply(key.jobId());
    if (record.isEmpty() || job.isEmpty()) {
      return Optional.empty();
    }
    ModelConfig config = job.get().config();
    Optional<Long> checkpoint = store.latestCheckpoint(key, step);
    if (checkpoint.isEmpty()) {
      return Optional.empty();
    }
    boolean locked;
    try {
      locked = recomputing.tryLock(RECOMPUTE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("interrupted");
    }
    if (!locked) {
      throw new SourceUnavailableException("busy recomputing another state; try again");
    }
    try {
      Optional<TrainingState> loaded = store.loadState(key, checkpoint.get(), config);
      if (loaded.isEmpty()) {
        LOG.error("{}: the checkpoint at step {} is damaged", key, checkpoint.get());
        return Optional.empty();
      }
      TrainingState state = loaded.get();
      StepExecutor steps = executor(config);
      while (state.step() < step) {
        state = trainer.step(record.get(), state, steps, job.get().sampler()).state();
      }
      ChunkTree tree = new ChunkTree(StateBytes.of(state).length(), hasher.leafHashes(state));
      if (!tree.stateHash().equals(stateHash)) {
        LOG.error(
            "{}: recomputing step {} gave {}, recorded {}", key, step, tree.stateHash(), stateHash);
        return Optional.empty();
      }
      LOG.debug("{}: recomputed state {} from step {}", key, step, checkpoint.get());
      return Optional.of(new LiveState(state, tree));
    } finally {
      recomputing.unlock();
    }
  }

  private StepExecutor executor(ModelConfig config) {
    if (executor.isPresent() && executor.get().config().equals(config)) {
      return executor.get().steps();
    }
    executor.ifPresent(Executor::close);
    Backend backend = backends.get();
    Executor created = new Executor(config, backend, new StepExecutor(backend, config));
    executor = Optional.of(created);
    return created.steps();
  }

  @Override
  public void close() {
    recomputing.lock();
    try {
      executor.ifPresent(Executor::close);
      executor = Optional.empty();
    } finally {
      recomputing.unlock();
    }
  }

  private record Executor(ModelConfig config, Backend backend, StepExecutor steps) {
    void close() {
      backend.close();
    }
  }

  /** A stored checkpoint served from its bytes. */
  private static final class StoredState implements ServableState {
    private final Bytes bytes;
    private final ChunkTree tree;

    StoredState(Bytes bytes) {
      this.bytes = bytes;
      byte[] array = bytes.toArrayUnsafe();
      int chunks = (int) ChunkTree.chunkCount(array.length);
      List<Bytes32> leaves = new ArrayList<>(chunks);
      for (int i = 0; i < chunks; i++) {
        int from = i * ChunkTree.CHUNK_SIZE;
        int length = Math.min(ChunkTree.CHUNK_SIZE, array.length - from);
        leaves.add(StateHasher.leafHash(array, from, length));
      }
      this.tree = new ChunkTree(array.length, leaves);
    }

    @Override
    public ChunkTree tree() {
      return tree;
    }

    @Override
    public Bytes chunk(int index) {
      return bytes.slice((int) tree.chunkOffset(index), tree.chunkLength(index));
    }
  }

  /** A recomputed state served from its tensors, chunk by chunk. */
  private record LiveState(TrainingState state, ChunkTree tree) implements ServableState {
    @Override
    public Bytes chunk(int index) {
      byte[] chunk = new byte[tree.chunkLength(index)];
      StateBytes.of(state).copy(tree.chunkOffset(index), chunk, 0, chunk.length);
      return Bytes.wrap(chunk);
    }
  }
}
