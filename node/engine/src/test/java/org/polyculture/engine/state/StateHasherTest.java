package org.polyculture.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.state.TrainingStateFixture.aState;

import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.ModelConfig;

class StateHasherTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  /** About 3.3 MiB of state: four chunks, the last one partial. */
  private static final ModelConfig MULTI_CHUNK =
      ModelConfig.builder().layers(2).channels(128).heads(4).context(64).batch(1).build();

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  @Test
  void shouldNotDependOnTheParallelism() {
    TrainingState state = aState().config(MULTI_CHUNK).build();
    assertThat(StateCodec.encodedLength(MULTI_CHUNK)).isGreaterThan(3L * StateHasher.CHUNK_SIZE);
    Bytes32 single = StateHasher.singleThreaded().hash(state);
    for (int parallelism = 1; parallelism <= 4; parallelism++) {
      assertThat(new StateHasher(POOL, parallelism).hash(state)).isEqualTo(single);
    }
  }

  @Test
  void shouldEqualTheHashOfTheMaterialisedBytes() {
    for (ModelConfig config : new ModelConfig[] {MULTI_CHUNK, aState().build().config()}) {
      TrainingState state = aState().config(config).withNaNs(97).build();
      assertThat(new StateHasher(POOL, 3).hash(state))
          .isEqualTo(StateHasher.hashSerialized(StateCodec.encode(state)));
    }
  }

  @Test
  void shouldFollowTheDocumentedConstructionForOneChunk() throws Exception {
    TrainingState state = aState().build();
    byte[] bytes = StateCodec.encode(state).toArray();
    assertThat(bytes.length).isLessThan(StateHasher.CHUNK_SIZE);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    byte[] leaf = sha.digest(bytes);
    sha.update((byte) 2);
    sha.update(
        java.nio.ByteBuffer.allocate(8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(bytes.length)
            .array());
    byte[] expected = sha.digest(leaf);
    assertThat(StateHasher.singleThreaded().hash(state)).isEqualTo(Bytes32.wrap(expected));
  }

  @Test
  void shouldFollowTheDocumentedTreeForThreeChunks() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] bytes = new byte[2 * StateHasher.CHUNK_SIZE + 5];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    byte[][] leaves = new byte[3][];
    for (int i = 0; i < 3; i++) {
      sha.update((byte) 0);
      int from = i * StateHasher.CHUNK_SIZE;
      sha.update(bytes, from, Math.min(StateHasher.CHUNK_SIZE, bytes.length - from));
      leaves[i] = sha.digest();
    }
    sha.update((byte) 1);
    sha.update(leaves[0]);
    byte[] left = sha.digest(leaves[1]);
    sha.update((byte) 1);
    sha.update(left);
    byte[] root = sha.digest(leaves[2]);
    sha.update((byte) 2);
    sha.update(
        java.nio.ByteBuffer.allocate(8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(bytes.length)
            .array());
    assertThat(StateHasher.hashSerialized(Bytes.wrap(bytes)))
        .isEqualTo(Bytes32.wrap(sha.digest(root)));
  }

  @Test
  void shouldChangeWithAnySingleValue() {
    TrainingState state = aState().config(MULTI_CHUNK).build();
    TrainingState other = aState().config(MULTI_CHUNK).step(state.step() + 1).build();
    assertThat(StateHasher.singleThreaded().hash(other))
        .isNotEqualTo(StateHasher.singleThreaded().hash(state));
  }

  @Test
  void shouldCopyAnyRangeOfTheStateBytesLikeTheFullEncoding() {
    TrainingState state = aState().withNaNs(13).build();
    byte[] full = StateCodec.encode(state).toArray();
    StateBytes view = StateBytes.of(state);
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 500; trial++) {
      int from = random.nextInt(full.length);
      int count = random.nextInt(full.length - from + 1);
      byte[] part = new byte[count + 3];
      view.copy(from, part, 3, count);
      assertThat(java.util.Arrays.copyOfRange(part, 3, count + 3))
          .isEqualTo(java.util.Arrays.copyOfRange(full, from, from + count));
    }
  }
}
