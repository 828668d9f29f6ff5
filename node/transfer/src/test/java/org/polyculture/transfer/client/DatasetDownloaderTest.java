package org.polyculture.transfer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;
import org.polyculture.storage.dataset.DatasetLayout;
import org.polyculture.storage.dataset.DatasetManifestJson;
import org.polyculture.storage.dataset.DatasetPacker;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.PackOptions;
import org.polyculture.testkit.HostileServer;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;

class DatasetDownloaderTest {

  @TempDir Path scratch;
  private Path source;
  private DatasetManifest manifest;
  private TransferClient client;
  private TransferServer server;
  private HostileServer hostile;

  @BeforeEach
  void start() throws Exception {
    Path input = scratch.resolve("corpus.txt");
    byte[] text = new byte[10_000];
    Random random = new Random(3);
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + random.nextInt(26));
    }
    Files.write(input, text);
    source = scratch.resolve("source");
    new DatasetPacker(PackOptions.defaults(16).withShardSize(4096)).pack(List.of(input), source);
    manifest = DatasetReader.withDefaultLimits().readManifest(source);
    DirectoryDatasetSource datasets = new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
    datasets.add(source);
    server = TransferServer.builder(ServerSettings.of("127.0.0.1", 0)).datasets(datasets).start();
    client =
        new TransferClient(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 2));
    hostile = new HostileServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    hostile.close();
    client.close();
  }

  private DatasetDownloader downloader() {
    return new DatasetDownloader(client, DatasetLimits.DEFAULT);
  }

  @Test
  void shouldDownloadADatasetThatTheReaderThenAccepts() throws Exception {
    Path target = scratch.resolve("copy");

    DatasetManifest fetched =
        downloader()
            .download(List.of(server.baseUri()), manifest.root(), manifest.manifestHash(), target);

    assertThat(fetched).isEqualTo(manifest);
    assertThat(fetched.shards()).hasSize(3);
    assertThat(DatasetReader.withDefaultLimits().read(target).tokens())
        .isEqualTo(DatasetReader.withDefaultLimits().read(source).tokens());
  }

  @Test
  void shouldRejectAManifestWhoseHoldoutDiffersFromWhatTheJobPins() {
    DatasetManifest otherHoldout =
        DatasetManifest.of(manifest.shards(), manifest.validationBytes() + 1);
    hostile.on(
        TransferApi.datasetManifest(manifest.root()),
        HostileServer.bytes(DatasetManifestJson.write(otherHoldout)));

    assertThatThrownBy(
            () ->
                downloader()
                    .download(
                        List.of(hostile.uri()),
                        manifest.root(),
                        manifest.manifestHash(),
                        scratch.resolve("copy")))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.MANIFEST_MISMATCH));
  }

  @Test
  void shouldRejectAShardWithOtherBytesAndKeepTheVerifiedOnes() throws Exception {
    ShardEntry second = manifest.shards().get(1);
    byte[] wrong = Files.readAllBytes(DatasetLayout.shard(source, second.sha256()));
    wrong[0] = (byte) (wrong[0] == 'a' ? 'b' : 'a');
    hostile.on(
        TransferApi.datasetManifest(manifest.root()),
        HostileServer.bytes(Files.readAllBytes(DatasetLayout.manifest(source))));
    for (ShardEntry shard : manifest.shards()) {
      hostile.on(
          TransferApi.datasetShard(manifest.root(), shard.sha256()),
          HostileServer.bytes(
              shard.equals(second)
                  ? wrong
                  : Files.readAllBytes(DatasetLayout.shard(source, shard.sha256()))));
    }
    Path target = scratch.resolve("copy");

    assertThatThrownBy(
            () ->
                downloader()
                    .download(
                        List.of(hostile.uri()), manifest.root(), manifest.manifestHash(), target))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.SHARD_MISMATCH));
    assertThat(DatasetLayout.manifest(target)).doesNotExist();
    assertThat(DatasetLayout.shard(target, second.sha256())).doesNotExist();
    assertThat(DatasetLayout.shard(target, manifest.shards().get(0).sha256())).exists();

    downloader()
        .download(
            List.of(hostile.uri(), server.baseUri()),
            manifest.root(),
            manifest.manifestHash(),
            target);

    assertThat(DatasetReader.withDefaultLimits().read(target).manifest()).isEqualTo(manifest);
  }

  @Test
  void shouldAnswerNotFoundForADatasetItDoesNotServe() {
    Bytes32 unknown =
        Bytes32.wrap("unknown dataset root, 32 bytes..".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(
            () -> client.fetchManifest(server.baseUri(), unknown, unknown, DatasetLimits.DEFAULT))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.NOT_FOUND));
  }
}
