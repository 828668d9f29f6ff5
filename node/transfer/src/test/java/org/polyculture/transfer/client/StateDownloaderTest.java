package org.polyculture.transfer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.testkit.HostileServer;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.TestStates;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.TransferJson;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;

class StateDownloaderTest {

  private final TestStates.InMemoryState state = TestStates.of(21, 3 * ChunkTree.CHUNK_SIZE + 77);
  @TempDir Path directory;
  private TransferClient client;
  private TransferServer honest;
  private HostileServer hostile;

  @BeforeEach
  void start() throws Exception {
    client =
        new TransferClient(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 2));
    honest =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
            .states(hash -> hash.equals(state.hash()) ? Optional.of(state) : Optional.empty())
            .start();
    hostile = new HostileServer();
  }

  @AfterEach
  void stop() throws Exception {
    honest.close();
    hostile.close();
    client.close();
  }

  @Test
  void shouldDownloadAndVerifyAWholeStateFromAnHonestServer() throws Exception {
    StateDownloader downloader = new StateDownloader(client, directory);

    VerifiedState verified =
        downloader.download(honest.baseUri(), state.hash(), state.bytes().length);

    assertThat(verified.readAll().toArrayUnsafe()).isEqualTo(state.bytes());
    assertThat(verified.length()).isEqualTo(state.bytes().length);
    assertThat(downloader.existing(state.hash(), state.bytes().length)).contains(verified);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(verified.file());
    }
  }

  @Test
  void shouldKeepVerifiedChunksWhenAPeerFailsAndFetchOnlyTheRestFromTheNext() throws Exception {
    byte[] corrupt = state.chunk(2).toArray();
    corrupt[0] ^= 1;
    hostile.on(
        TransferApi.stateTree(state.hash()),
        HostileServer.bytes(TransferJson.writeTree(state.tree())));
    for (int i = 0; i < 2; i++) {
      hostile.on(
          TransferApi.stateChunk(state.hash(), i), HostileServer.bytes(state.chunk(i).toArray()));
    }
    hostile.on(TransferApi.stateChunk(state.hash(), 2), HostileServer.bytes(corrupt));
    StateDownloader downloader = new StateDownloader(client, directory);

    assertThatThrownBy(() -> downloader.download(hostile.uri(), state.hash(), state.bytes().length))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.CHUNK_MISMATCH));
    assertThat(downloader.verifiedChunks(state.hash())).isEqualTo(2);
    assertThat(downloader.existing(state.hash(), state.bytes().length)).isEmpty();

    // A restarted node (a new downloader on the same directory) continues from the next peer.
    HostileServer second = new HostileServer();
    try (second) {
      for (int i = 0; i < state.tree().chunkCount(); i++) {
        second.on(
            TransferApi.stateChunk(state.hash(), i), HostileServer.bytes(state.chunk(i).toArray()));
      }
      VerifiedState verified =
          new StateDownloader(client, directory)
              .download(List.of(second.uri()), state.hash(), state.bytes().length);

      assertThat(verified.readAll().toArrayUnsafe()).isEqualTo(state.bytes());
      assertThat(second.hits(TransferApi.stateTree(state.hash()))).isZero();
      assertThat(second.hits(TransferApi.stateChunk(state.hash(), 0))).isZero();
      assertThat(second.hits(TransferApi.stateChunk(state.hash(), 1))).isZero();
      assertThat(second.hits(TransferApi.stateChunk(state.hash(), 2))).isEqualTo(1);
      assertThat(second.hits(TransferApi.stateChunk(state.hash(), 3))).isEqualTo(1);
    }
  }

  @Test
  void shouldDropAKeptChunkThatChangedOnDiskAndFetchItAgain() throws Exception {
    StateDownloader downloader = new StateDownloader(client, directory);
    hostile.on(
        TransferApi.stateTree(state.hash()),
        HostileServer.bytes(TransferJson.writeTree(state.tree())));
    hostile.on(
        TransferApi.stateChunk(state.hash(), 0), HostileServer.bytes(state.chunk(0).toArray()));
    assertThatThrownBy(() -> downloader.download(hostile.uri(), state.hash(), state.bytes().length))
        .isInstanceOf(TransferException.class);
    Path kept = directory.resolve(state.hash().toUnprefixedHexString() + ".partial/0.chunk");
    byte[] bytes = Files.readAllBytes(kept);
    bytes[5] ^= 1;
    Files.write(kept, bytes);

    VerifiedState verified =
        downloader.download(honest.baseUri(), state.hash(), state.bytes().length);

    assertThat(verified.readAll().toArrayUnsafe()).isEqualTo(state.bytes());
  }

  @Test
  void shouldTryTheNextPeerWhenOneDoesNotHaveTheState() throws Exception {
    StateDownloader downloader = new StateDownloader(client, directory);

    VerifiedState verified =
        downloader.download(
            List.of(hostile.uri(), honest.baseUri()), state.hash(), state.bytes().length);

    assertThat(verified.readAll().toArrayUnsafe()).isEqualTo(state.bytes());
    assertThat(hostile.hits(TransferApi.stateTree(state.hash()))).isEqualTo(1);
  }
}
