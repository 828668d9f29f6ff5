package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;

/** The worker's store on LMDB and in memory: one contract, both implementations. */
class WorkerStoreTest {

  @TempDir static Path scratch;
  private static TinyJob job;
  private static int stores;

  @BeforeAll
  static void packDataset() {
    job = TinyJob.pack(scratch.resolve("job"));
  }

  static Stream<Function<Path, KeyValueStorage>> storages() {
    return Stream.of(
        directory -> new InMemoryKeyValueStorage(),
        directory -> LmdbKeyValueStorage.open(LmdbConfig.at(directory)));
  }

  private static WorkerStore store(Function<Path, KeyValueStorage> storage) {
    return new WorkerStore(
        storage.apply(scratch.resolve("store-" + stores++)), StateHasher.singleThreaded());
  }

  private static SegmentRecord claiming(long segment, long attempt) {
    return SegmentRecord.claiming(
        new SegmentKey(BigInteger.valueOf(3), segment, attempt),
        2,
        segment * 4,
        4,
        job.genesisHash(),
        600);
  }

  @ParameterizedTest
  @MethodSource("storages")
  void shouldKeepRecordsWithEveryFieldInKeyOrder(Function<Path, KeyValueStorage> storage) {
    WorkerStore store = store(storage);
    SegmentRecord later = claiming(1, 0);
    SegmentRecord retried =
        claiming(0, 1)
            .withLease(99)
            .withCommitment(Bytes32.leftPad(Bytes.of(5)), Bytes32.leftPad(Bytes.of(6)))
            .withCommitTime(77)
            .withPaid(new BigInteger("10000000000000000000"))
            .withPhase(SegmentPhase.REWARDED, "paid");
    SegmentRecord first = claiming(0, 0).withPhase(SegmentPhase.ABANDONED, "lost");

    store.put(later);
    store.put(retried);
    store.put(first);

    assertThat(store.records()).containsExactly(first, retried, later);
    assertThat(store.claimsOf(BigInteger.valueOf(3), 0)).containsExactly(first, retried);
    assertThat(store.record(retried.key())).contains(retried);
    assertThat(store.record(new SegmentKey(BigInteger.TEN, 0, 0))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("storages")
  void shouldKeepStepsCheckpointsAndTheHashIndexOfTraining(
      Function<Path, KeyValueStorage> storage) {
    WorkerStore store = store(storage);
    SegmentRecord record = claiming(0, 0);
    TrainingState genesis = job.genesis();
    store.begin(record, genesis, job.genesisHash());
    TrainingState two = job.honestState(2);
    Bytes32 oneHash = StateHasher.singleThreaded().hash(job.honestState(1));
    Bytes32 twoHash = StateHasher.singleThreaded().hash(two);

    store.progress(
        record.withTrainedThrough(2),
        List.of(
            new StepEntry(1, oneHash, Optional.of(5.5f)),
            new StepEntry(2, twoHash, Optional.empty())),
        Optional.of(two));

    assertThat(store.record(record.key()).orElseThrow().trainedThrough()).isEqualTo(2);
    assertThat(store.steps(record.key(), 1, 2))
        .containsExactly(
            new StepEntry(1, oneHash, Optional.of(5.5f)),
            new StepEntry(2, twoHash, Optional.empty()));
    assertThat(store.latestCheckpoint(record.key(), 1)).contains(0L);
    assertThat(store.latestCheckpoint(record.key(), 4)).contains(2L);
    assertThat(store.loadState(record.key(), 2, TinyJob.CONFIG)).contains(two);
    assertThat(store.loadState(record.key(), 1, TinyJob.CONFIG)).isEmpty();
    assertThat(store.locate(oneHash)).contains(new StateLocation(record.key(), 1));

    assertThat(store.pruneStates(record.key(), List.of(2L))).isEqualTo(1);
    assertThat(store.checkpointSteps(record.key())).containsExactly(2L);
    assertThat(store.stateHash(record.key(), 0)).contains(job.genesisHash());
  }

  @ParameterizedTest
  @MethodSource("storages")
  void shouldLocateAnEndStateWhereItStaysStoredWhenTheNextClaimStartsFromIt(
      Function<Path, KeyValueStorage> storage) {
    WorkerStore store = store(storage);
    SegmentRecord first = claiming(0, 0);
    store.begin(first, job.genesis(), job.genesisHash());
    TrainingState end = job.honestState(4);
    Bytes32 endHash = StateHasher.singleThreaded().hash(end);
    store.progress(
        first.withTrainedThrough(4),
        List.of(new StepEntry(4, endHash, Optional.empty())),
        Optional.of(end));
    SegmentRecord next =
        SegmentRecord.claiming(new SegmentKey(BigInteger.valueOf(3), 1, 0), 2, 4, 4, endHash, 600);

    store.begin(next, end, endHash);
    // The next claim is proven wrong and pruned to its end state; the job's tip rolls back to its
    // start, which the next worker fetches from this one.
    store.pruneStates(next.key(), List.of(8L));

    StateLocation location = store.locate(endHash).orElseThrow();
    assertThat(location).isEqualTo(new StateLocation(first.key(), 4));
    assertThat(store.stateBytes(location.key(), location.step())).isPresent();
    assertThat(store.stateHash(next.key(), 4)).contains(endHash);
  }

  @ParameterizedTest
  @MethodSource("storages")
  void shouldRejectAStoredStateThatNoLongerMatchesItsHash(Function<Path, KeyValueStorage> storage) {
    WorkerStore store = store(storage);
    SegmentRecord record = claiming(0, 0);
    // Recorded under the wrong hash: loading checks the state against it.
    store.begin(record, job.genesis(), Bytes32.leftPad(Bytes.of(1)));

    assertThat(store.loadState(record.key(), 0, TinyJob.CONFIG)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("storages")
  void shouldRememberRefusedJobs(Function<Path, KeyValueStorage> storage) {
    WorkerStore store = store(storage);

    store.refuse(BigInteger.TWO, "its genesis state does not match");

    assertThat(store.refusal(BigInteger.TWO)).contains("its genesis state does not match");
    assertThat(store.refusal(BigInteger.ONE)).isEmpty();
  }
}
