package org.polyculture.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateBytes;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;

class ChunkTreeTest {

  @Test
  void shouldHashToTheStateHashOfARealTrainingState() {
    TrainingState state = Genesis.state(NamedConfig.NANO.config(), 5, Bytes32.ZERO);
    StateHasher hasher = StateHasher.singleThreaded();

    ChunkTree tree = new ChunkTree(StateBytes.of(state).length(), hasher.leafHashes(state));

    assertThat(tree.chunkCount()).isEqualTo(2);
    assertThat(tree.stateHash()).isEqualTo(hasher.hash(state));
  }

  @Test
  void shouldMatchOnlyTheExactChunkBytes() {
    TestStates.InMemoryState state = TestStates.of(1, ChunkTree.CHUNK_SIZE + 10);
    ChunkTree tree = state.tree();
    byte[] last = state.chunk(1).toArray();

    assertThat(tree.chunkLength(0)).isEqualTo(ChunkTree.CHUNK_SIZE);
    assertThat(tree.chunkLength(1)).isEqualTo(10);
    assertThat(tree.matches(1, last, 0, last.length)).isTrue();
    last[3] ^= 1;
    assertThat(tree.matches(1, last, 0, last.length)).isFalse();
    assertThat(tree.matches(1, last, 0, 9)).isFalse();
    assertThat(tree.stateHash()).isEqualTo(state.hash());
  }

  @Test
  void shouldRefuseALeafCountThatDoesNotFitTheLength() {
    assertThatThrownBy(() -> new ChunkTree(ChunkTree.CHUNK_SIZE + 1, List.of(Bytes32.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ChunkTree.chunkCount(0)).isEqualTo(1);
  }
}
