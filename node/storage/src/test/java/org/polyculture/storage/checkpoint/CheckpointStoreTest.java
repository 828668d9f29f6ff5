package org.polyculture.storage.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.engine.state.TrainingStateFixture.aState;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.storage.checkpoint.CheckpointLoad.Reason;

class CheckpointStoreTest {

  private final KeyValueStorage storage = new InMemoryKeyValueStorage();
  private final CheckpointStore store = new CheckpointStore(storage, StateHasher.singleThreaded());

  @Test
  void shouldLoadAStoredStateCheckedAgainstItsHash() {
    TrainingState state = aState().step(5).build();
    Bytes32 hash = store.record(state, Optional.of(2.5f), true);

    assertThat(hash).isEqualTo(StateHasher.singleThreaded().hash(state));
    assertThat(store.stateHash(5)).contains(hash);
    assertThat(store.loss(5)).contains(2.5f);
    assertThat(store.load(5)).isEqualTo(new CheckpointLoad.Loaded(state, hash));
  }

  @Test
  void shouldKeepOnlyHashesOfStatesThatAreNotCheckpointed() {
    store.record(aState().step(3).build(), Optional.empty(), false);
    assertThat(store.stateHash(3)).isPresent();
    assertThat(store.loss(3)).isEmpty();
    assertThat(store.load(3)).isEqualTo(new CheckpointLoad.Missing(3));
  }

  @Test
  void shouldFindTheLatestCheckpointAtOrBeforeAStep() {
    for (long step = 0; step <= 20; step++) {
      store.record(aState().step(step).build(), Optional.empty(), step % 8 == 0);
    }
    assertThat(store.latestStep()).contains(20L);
    assertThat(store.latestCheckpoint(7)).contains(0L);
    assertThat(store.latestCheckpoint(8)).contains(8L);
    assertThat(store.latestCheckpoint(100)).contains(16L);
    assertThat(
            new CheckpointStore(new InMemoryKeyValueStorage(), StateHasher.singleThreaded())
                .latestCheckpoint(5))
        .isEmpty();
  }

  @Test
  void shouldRecordTheStepsBetweenCheckpointsInOneBatch() {
    StateHasher hasher = StateHasher.singleThreaded();
    TrainingState kept = aState().step(12).build();
    Bytes32 keptHash = hasher.hash(kept);
    store.record(
        java.util.List.of(
            new CheckpointStore.StateRecord(
                10, Bytes32.repeat((byte) 10), Optional.of(3.0f), Optional.empty()),
            new CheckpointStore.StateRecord(
                11, Bytes32.repeat((byte) 11), Optional.of(2.9f), Optional.empty()),
            new CheckpointStore.StateRecord(12, keptHash, Optional.of(2.8f), Optional.of(kept))));

    assertThat(store.stateHash(11)).contains(Bytes32.repeat((byte) 11));
    assertThat(store.loss(10)).contains(3.0f);
    assertThat(store.latestStep()).contains(12L);
    assertThat(store.latestCheckpoint(100)).contains(12L);
    assertThat(store.load(12)).isEqualTo(new CheckpointLoad.Loaded(kept, keptHash));
    assertThat(store.load(11)).isEqualTo(new CheckpointLoad.Missing(11));
  }

  @Test
  void shouldRejectAStateWhoseBytesWereFlipped() {
    TrainingState state = aState().step(4).build();
    store.record(state, Optional.empty(), true);
    Bytes bytes = storage.get(CheckpointStore.STATES, Bytes.ofUnsignedLong(4)).orElseThrow();
    byte[] flipped = bytes.toArray();
    flipped[flipped.length - 3] ^= 0x10;
    overwrite(4, Bytes.wrap(flipped));

    assertThat(store.load(4))
        .isInstanceOfSatisfying(
            CheckpointLoad.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(Reason.HASH_MISMATCH));
  }

  @Test
  void shouldRejectATruncatedState() {
    TrainingState state = aState().step(4).build();
    store.record(state, Optional.empty(), true);
    overwrite(4, StateCodec.encode(state).slice(0, 100));
    assertThat(((CheckpointLoad.Rejected) store.load(4)).reason()).isEqualTo(Reason.CORRUPT);
  }

  @Test
  void shouldRejectAStateOfAnotherSpecVersion() {
    TrainingState state = aState().step(4).build();
    store.record(state, Optional.empty(), true);
    byte[] bytes = StateCodec.encode(state).toArray();
    bytes[12] = 2;
    overwrite(4, Bytes.wrap(bytes));
    assertThat(((CheckpointLoad.Rejected) store.load(4)).reason())
        .isEqualTo(Reason.UNSUPPORTED_SPEC_VERSION);
  }

  @Test
  void shouldRejectAStateStoredUnderAnotherStep() {
    store.record(aState().step(4).build(), Optional.empty(), true);
    store.record(aState().step(9).build(), Optional.empty(), false);
    overwrite(9, storage.get(CheckpointStore.STATES, Bytes.ofUnsignedLong(4)).orElseThrow());
    assertThat(((CheckpointLoad.Rejected) store.load(9)).reason()).isEqualTo(Reason.WRONG_STEP);
  }

  @Test
  void shouldFailWithATypedErrorOnADamagedHashRecord() {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(CheckpointStore.STATE_HASHES, Bytes.ofUnsignedLong(1), Bytes.of(1, 2, 3));
      transaction.commit();
    }
    assertThatThrownBy(() -> store.stateHash(1)).isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void shouldStoreRunMetadata() {
    assertThat(store.runMetadata()).isEmpty();
    RunMetadata metadata =
        new RunMetadata(
            "nano", NamedConfig.NANO.config(), -3L, Bytes32.repeat((byte) 7), "/data/fortunes");
    store.putRunMetadata(metadata);
    assertThat(store.runMetadata().orElseThrow().value()).isEqualTo(metadata);
  }

  private void overwrite(long step, Bytes value) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(CheckpointStore.STATES, Bytes.ofUnsignedLong(step), value);
      transaction.commit();
    }
  }
}
