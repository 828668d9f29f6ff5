package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.server.ServableState;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;
import org.polyculture.worker.cheat.CommitContext;

/**
 * Each strategy does the wrong thing it is named for, and only that: a verifier recomputing every
 * step of a segment trained with it finds exactly the tampered steps.
 */
class CheatStrategiesTest {

  private static final int LENGTH = 6;
  @TempDir static Path scratch;
  private static TinyJob job;

  @BeforeAll
  static void packDataset() {
    job = TinyJob.pack(scratch);
  }

  private static CheatStrategy strategy(String name, int offset) {
    return CheatStrategies.create(name, OptionalInt.of(offset)).orElseThrow();
  }

  @Test
  void shouldLeaveAnHonestSegmentWithNothingToFind() {
    assertThat(TrainedSegment.train(job, CheatStrategy.NONE, LENGTH).disagreeingOffsets())
        .isEmpty();
  }

  @Test
  void shouldSkipExactlyOneStepByPresentingTheStateBeforeItAsTheStateAfter() {
    TrainedSegment segment = TrainedSegment.train(job, strategy("skip-step", 2), LENGTH);

    assertThat(segment.disagreeingOffsets()).containsExactly(2);
    TrainingState before = segment.state(2);
    TrainingState after = segment.state(3);
    assertThat(after.step()).isEqualTo(3);
    assertThat(after.parameters()).isEqualTo(before.parameters());
    assertThat(after.firstMoments()).isEqualTo(before.firstMoments());
  }

  @Test
  void shouldPerturbOneWeightByOneUnitInTheLastPlace() {
    TrainedSegment segment = TrainedSegment.train(job, strategy("perturb-weights", 3), LENGTH);

    assertThat(segment.disagreeingOffsets()).containsExactly(3);
    TrainingState honest = honestStep(segment.state(3), 3);
    float[] cheated = segment.state(4).parameters().toArray(0);
    float[] expected = honest.parameters().toArray(0);
    assertThat(cheated[0]).isEqualTo(Math.nextUp(expected[0]));
    cheated[0] = expected[0];
    assertThat(cheated).isEqualTo(expected);
  }

  @Test
  void shouldTrainOneStepOnTheBatchOfTheNextStep() {
    TrainedSegment segment = TrainedSegment.train(job, strategy("wrong-batch", 1), LENGTH);

    assertThat(segment.disagreeingOffsets()).containsExactly(1);
    try (ScalarBackend backend = new ScalarBackend()) {
      TrainingState onNextBatch =
          new StepExecutor(backend, TinyJob.CONFIG)
              .step(segment.state(1), job.sampler().sample(2))
              .state();
      assertThat(segment.state(2)).isEqualTo(onNextBatch);
    }
  }

  @Test
  void shouldApplyOneUpdateAtTwiceTheLearningRate() {
    TrainedSegment segment = TrainedSegment.train(job, strategy("wrong-learning-rate", 4), LENGTH);

    assertThat(segment.disagreeingOffsets()).containsExactly(4);
    TrainingState before = segment.state(4);
    TrainingState honest = honestStep(before, 4);
    float[] from = before.parameters().toArray(1);
    float[] to = honest.parameters().toArray(1);
    float[] cheated = segment.state(5).parameters().toArray(1);
    for (int j = 0; j < to.length; j++) {
      assertThat(cheated[j]).isEqualTo(from[j] + 2.0f * (to[j] - from[j]));
    }
    assertThat(segment.state(5).firstMoments()).isEqualTo(honest.firstMoments());
  }

  @Test
  void shouldTrainOnlyTheFirstStepsAndFillInTheRest() {
    TrainedSegment segment = TrainedSegment.train(job, strategy("fewer-steps", 3), LENGTH);

    assertThat(segment.disagreeingOffsets()).containsExactly(3, 4, 5);
    assertThat(segment.state(6).parameters()).isEqualTo(segment.state(3).parameters());
    assertThat(segment.state(6).step()).isEqualTo(6);
  }

  @Test
  void shouldReplayThePreviousSegmentsRootAndEndWithTheCurrentStart() {
    CheatStrategy replay = strategy("replay-old-commitment", 0);
    Commitment trained = commitment(1, 2, 3);
    Commitment previous = commitment(7, 8, 9);
    SegmentKey key = new SegmentKey(BigInteger.ONE, 1, 0);

    Commitment sent = replay.commitment(trained, new CommitContext(key, Optional.of(previous)));
    Commitment firstSegment =
        replay.commitment(
            trained, new CommitContext(new SegmentKey(BigInteger.ONE, 0, 0), Optional.empty()));

    assertThat(sent)
        .isEqualTo(
            new Commitment(trained.startStateHash(), previous.stepRoot(), previous.endStateHash()));
    assertThat(firstSegment.stepRoot()).isNotEqualTo(trained.stepRoot());
    assertThat(firstSegment.startStateHash()).isEqualTo(trained.startStateHash());
  }

  @Test
  void shouldCommitMadeUpHashesWithoutTraining() {
    CheatStrategy random = strategy("random-hashes", 0);
    Commitment trained = commitment(1, 2, 3);
    CommitContext first = new CommitContext(new SegmentKey(BigInteger.ONE, 0, 0), Optional.empty());
    CommitContext second =
        new CommitContext(new SegmentKey(BigInteger.ONE, 1, 0), Optional.empty());

    Commitment sent = random.commitment(trained, first);

    assertThat(random.trains()).isFalse();
    assertThat(sent.startStateHash()).isEqualTo(trained.startStateHash());
    assertThat(sent.stepRoot()).isNotEqualTo(Bytes32.ZERO).isNotEqualTo(trained.stepRoot());
    assertThat(sent.endStateHash()).isNotEqualTo(Bytes32.ZERO).isNotEqualTo(sent.stepRoot());
    assertThat(random.commitment(trained, first)).isEqualTo(sent);
    assertThat(random.commitment(trained, second)).isNotEqualTo(sent);
  }

  @Test
  void shouldAnswerEveryStateRequestWithNothing() {
    ServableState honest = new ThreeHundredBytes();

    assertThat(strategy("withhold-states", 0).serve(Bytes32.ZERO, Optional.of(honest))).isEmpty();
    assertThat(CheatStrategy.NONE.serve(Bytes32.ZERO, Optional.of(honest))).contains(honest);
  }

  @Test
  void shouldServeTheTrueTreeButChunksWithOneBitFlipped() {
    ServableState honest = new ThreeHundredBytes();

    ServableState served =
        strategy("corrupt-served-states", 0).serve(Bytes32.ZERO, Optional.of(honest)).orElseThrow();

    assertThat(served.tree()).isEqualTo(honest.tree());
    byte[] chunk = served.chunk(0).toArray();
    byte[] original = honest.chunk(0).toArray();
    int differingBits = 0;
    for (int i = 0; i < chunk.length; i++) {
      differingBits += Integer.bitCount((chunk[i] ^ original[i]) & 0xFF);
    }
    assertThat(differingBits).isEqualTo(1);
    assertThat(served.tree().matches(0, chunk, 0, chunk.length)).isFalse();
  }

  @Test
  void shouldVanishOnlyWhenToldTo() {
    assertThat(strategy("vanish-after-commit", 0).vanishesAfterCommit()).isTrue();
    assertThat(CheatStrategy.NONE.vanishesAfterCommit()).isFalse();
    assertThat(strategy("withhold-states", 0).vanishesAfterCommit()).isFalse();
  }

  @Test
  void shouldNameTenStrategiesAndOpenOnlyWithTheGate() {
    assertThat(CheatStrategies.names()).hasSize(10);
    for (String name : CheatStrategies.names()) {
      CheatStrategy strategy = CheatStrategies.create(name, OptionalInt.empty()).orElseThrow();
      assertThat(strategy.name()).isEqualTo(name);
      assertThat(strategy.isCheating()).isTrue();
    }
    assertThat(CheatStrategies.create("honest-ish", OptionalInt.empty())).isEmpty();
    assertThat(CheatStrategies.gateOpen(Map.of())).isFalse();
    assertThat(CheatStrategies.gateOpen(Map.of("POLYCULTURE_TEST_CHEATS", "yes"))).isFalse();
    assertThat(CheatStrategies.gateOpen(Map.of("POLYCULTURE_TEST_CHEATS", "enable"))).isTrue();
  }

  private TrainingState honestStep(TrainingState before, long step) {
    try (ScalarBackend backend = new ScalarBackend()) {
      return new StepExecutor(backend, TinyJob.CONFIG)
          .step(before, job.sampler().sample(step))
          .state();
    }
  }

  private static Commitment commitment(int start, int root, int end) {
    return new Commitment(
        Bytes32.leftPad(Bytes.of(start)),
        Bytes32.leftPad(Bytes.of(root)),
        Bytes32.leftPad(Bytes.of(end)));
  }

  /** 300 bytes served as one chunk. */
  private static final class ThreeHundredBytes implements ServableState {
    private final byte[] bytes = new byte[300];
    private final ChunkTree tree;

    ThreeHundredBytes() {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      tree = new ChunkTree(bytes.length, List.of(StateHasher.leafHash(bytes, 0, bytes.length)));
    }

    @Override
    public ChunkTree tree() {
      return tree;
    }

    @Override
    public Bytes chunk(int index) {
      return Bytes.wrap(bytes.clone());
    }
  }
}
