package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX must be what build-ptx makes of the current sources: its header records the
 * SHA-256 of the sources and flags, which is recomputed here; where nvcc is installed (the same
 * release as recorded), the sources are compiled again and must give the committed files byte for
 * byte. Update with {@code gpu-worker/src/main/cuda/build-ptx --update}.
 */
class PtxFreshnessTest {

  @Test
  void shouldCommitOnePtxFilePerCudaSource() {
    assertThat(committedModules())
        .containsExactlyElementsOf(
            CudaSources.kernelFiles().stream()
                .map(p -> p.getFileName().toString().replace(".cu", ""))
                .toList());
  }

  @Test
  void shouldRecordTheHashOfTheCurrentSourcesInEveryCommittedPtx() {
    String expected = CudaSources.sourcesSha256();
    for (String module : committedModules()) {
      PtxModules.Header header = header(CudaSources.COMMITTED_PTX.resolve(module + ".ptx"));
      assertThat(header.module()).isEqualTo(module);
      assertThat(header.flags()).isEqualTo(CudaSources.flags());
      assertThat(header.sourcesSha256())
          .as(
              "%s.ptx is stale: run gpu-worker/src/main/cuda/build-ptx --update and commit it",
              module)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldPackageThePtxOfTheCurrentSources() {
    PtxModules packaged = PtxModules.fromClasspath();
    String expected = CudaSources.sourcesSha256();
    for (String module : packaged.moduleNames()) {
      assertThat(packaged.header(module).orElseThrow().sourcesSha256()).isEqualTo(expected);
    }
  }

  @Test
  void shouldCompileTheSourcesToTheCommittedPtxWhereNvccIsInstalled(@TempDir Path out)
      throws Exception {
    assumeTrue(
        Tools.onPath("nvcc"), "nvcc is not on the PATH: the committed PTX cannot be rebuilt here");
    String committedNvcc =
        header(CudaSources.COMMITTED_PTX.resolve(committedModules().get(0) + ".ptx")).nvcc();
    String localNvcc = Tools.nvccRelease();
    assumeTrue(
        committedNvcc.equals(localNvcc),
        "the committed PTX was made by nvcc " + committedNvcc + ", this machine has " + localNvcc);
    Process build =
        new ProcessBuilder(
                "bash", CudaSources.SOURCES.resolve("build-ptx").toString(), out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(build.getInputStream().readAllBytes());
    assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as(log).isZero();
    for (String module : committedModules()) {
      assertThat(Files.readString(out.resolve(module + ".ptx")))
          .as("%s.ptx compiled now vs committed", module)
          .isEqualTo(Files.readString(CudaSources.COMMITTED_PTX.resolve(module + ".ptx")));
    }
  }

  private static java.util.List<String> committedModules() {
    try (var files = Files.list(CudaSources.COMMITTED_PTX)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".ptx"))
          .map(name -> name.substring(0, name.length() - 4))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static PtxModules.Header header(Path ptx) {
    return PtxModules.Header.parse(CudaSources.read(ptx))
        .orElseThrow(() -> new AssertionError(ptx + " has no build-ptx header"));
  }
}
