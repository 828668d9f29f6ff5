package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;

class BackendChooserTest {

  private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

  private static final CudaUnavailableException NO_DEVICE =
      new CudaUnavailableException(
          CudaAvailability.Reason.NO_DEVICE,
          "cuInit failed: CUDA_ERROR_NO_DEVICE",
          OptionalInt.of(100));

  @AfterAll
  static void shutDown() {
    EXECUTOR.shutdownNow();
  }

  @Test
  void shouldFallBackToTheCpuWithTheReasonWhenAutoFindsNoDevice() {
    BackendChooser chooser =
        new BackendChooser(
            EXECUTOR,
            2,
            () -> {
              throw NO_DEVICE;
            });
    BackendChooser.Choice choice = chooser.choose(BackendKind.AUTO);
    try (Backend backend = choice.backend()) {
      assertThat(backend.name()).isEqualTo("cpu");
      assertThat(choice.fallbackReason())
          .hasValueSatisfying(r -> assertThat(r).contains("NO_DEVICE"));
    }
  }

  @Test
  void shouldTakeCudaWhenAutoFindsADevice() {
    BackendChooser chooser = new BackendChooser(EXECUTOR, 2, StubCuda::new);
    BackendChooser.Choice choice = chooser.choose(BackendKind.AUTO);
    assertThat(choice.backend().name()).isEqualTo("cuda");
    assertThat(choice.fallbackReason()).isEmpty();
  }

  @Test
  void shouldFailWhenCudaIsAskedForAndUnavailable() {
    BackendChooser chooser =
        new BackendChooser(
            EXECUTOR,
            2,
            () -> {
              throw NO_DEVICE;
            });
    assertThatThrownBy(() -> chooser.open(BackendKind.CUDA)).isSameAs(NO_DEVICE);
  }

  @Test
  void shouldOpenTheCpuBackends() {
    BackendChooser chooser = new BackendChooser(EXECUTOR, 2);
    try (Backend cpu = chooser.open(BackendKind.CPU);
        Backend scalar = chooser.open(BackendKind.SCALAR)) {
      assertThat(cpu.name()).isEqualTo("cpu");
      assertThat(scalar).isInstanceOf(ScalarBackend.class);
    }
  }

  @Test
  void shouldParseTheCommandLineNames() {
    assertThat(BackendKind.byName("auto")).hasValue(BackendKind.AUTO);
    assertThat(BackendKind.byName("cuda")).hasValue(BackendKind.CUDA);
    assertThat(BackendKind.byName("gpu")).isEmpty();
    assertThat(BackendKind.choices()).isEqualTo("cuda|cpu|scalar|auto");
  }

  /** Stands in for a CUDA backend: the chooser only needs its name. */
  private static final class StubCuda extends org.polyculture.worker.cuda.StubBackend {
    StubCuda() {
      super("cuda");
    }
  }
}
