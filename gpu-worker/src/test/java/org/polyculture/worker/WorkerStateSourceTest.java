package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.StateDownloader;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;

/** Serving a worker's states over real HTTP, from checkpoints and by recomputation. */
class WorkerStateSourceTest {

  private static final int LENGTH = 6;
  private static final long STATE_LENGTH = StateCodec.encodedLength(TinyJob.CONFIG);
  @TempDir static Path scratch;
  @TempDir Path downloads;
  private static TinyJob job;
  private TransferServer server;
  private WorkerStateSource source;
  private final TransferClient client = new TransferClient(ClientSettings.defaults());

  @BeforeAll
  static void packDataset() {
    job = TinyJob.pack(scratch);
  }

  @AfterEach
  void stop() {
    server.close();
    source.close();
    client.close();
  }

  private TrainedSegment serve(CheatStrategy cheat) {
    TrainedSegment segment = TrainedSegment.train(job, cheat, LENGTH, 3);
    source =
        new WorkerStateSource(
            segment.store,
            StateHasher.singleThreaded(),
            segment.trainer,
            jobId -> Optional.of(job.context(jobId, LENGTH)),
            ScalarBackend::new,
            cheat);
    server = TransferServer.builder(ServerSettings.of("127.0.0.1", 0)).states(source).start();
    return segment;
  }

  private TrainingState fetch(Bytes32 hash) throws TransferException {
    return StateCodec.decode(
            new StateDownloader(client, downloads)
                .download(server.baseUri(), hash, STATE_LENGTH)
                .readAll(),
            TinyJob.CONFIG)
        .value();
  }

  @Test
  void shouldServeCheckpointsAndRecomputeTheStatesBetweenThem() throws Exception {
    TrainedSegment segment = serve(CheatStrategy.NONE);
    assertThat(segment.store.checkpointSteps(segment.record.key())).containsExactly(0L, 3L, 6L);

    for (long step : List.of(0L, 2L, 4L, 6L)) {
      TrainingState served = fetch(segment.recordedHash(step));
      assertThat(served).isEqualTo(job.honestState(step));
    }
  }

  @Test
  void shouldServeACheatersStatesConsistentWithWhatItRecorded() throws Exception {
    CheatStrategy skip = CheatStrategies.create("skip-step", OptionalInt.of(4)).orElseThrow();
    TrainedSegment segment = serve(skip);

    TrainingState afterSkip = fetch(segment.recordedHash(5));

    assertThat(StateHasher.singleThreaded().hash(afterSkip)).isEqualTo(segment.recordedHash(5));
    assertThat(afterSkip.parameters()).isEqualTo(fetch(segment.recordedHash(4)).parameters());
  }

  @Test
  void shouldAnswerNotFoundWhenWithholding() {
    TrainedSegment segment =
        serve(CheatStrategies.create("withhold-states", OptionalInt.empty()).orElseThrow());

    assertThatThrownBy(() -> fetch(segment.recordedHash(3)))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.NOT_FOUND));
  }

  @Test
  void shouldSendChunksThatFailTheirLeafWhenCorrupting() {
    TrainedSegment segment =
        serve(CheatStrategies.create("corrupt-served-states", OptionalInt.empty()).orElseThrow());

    assertThatThrownBy(() -> fetch(segment.recordedHash(2)))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.CHUNK_MISMATCH));
  }

  @Test
  void shouldNotServeStatesItNeverRecorded() {
    serve(CheatStrategy.NONE);

    assertThatThrownBy(() -> fetch(Bytes32.ZERO))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.NOT_FOUND));
  }
}
