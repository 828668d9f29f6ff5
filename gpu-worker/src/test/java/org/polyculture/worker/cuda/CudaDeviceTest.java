package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.worker.cuda.check.BitComparison;
import org.polyculture.worker.cuda.check.OpCase;
import org.polyculture.worker.cuda.check.OpCases;
import org.polyculture.worker.cuda.check.OpKind;

/**
 * On a machine with a CUDA device: every op on the real kernels gives the scalar reference's bits.
 * Skipped, naming what is missing, where there is no driver or no device (the kernel emulation and
 * the host-compiled sources cover the order there; scripts/gpu-check covers a whole run).
 */
class CudaDeviceTest {

  static void requireDevice() {
    CudaAvailability availability = CudaAvailability.probe();
    assumeTrue(availability.available(), "no CUDA device: " + availability);
  }

  @ParameterizedTest
  @EnumSource(OpKind.class)
  void shouldMatchTheScalarReferenceOnTheDevice(OpKind kind) {
    requireDevice();
    for (int seed = 0; seed < 20; seed++) {
      OpCase opCase = OpCases.of(kind, seed, new OpCases.Bounds(300, seed % 2 == 0 ? 0 : 6));
      List<float[]> expected = run(new ScalarBackend(), opCase);
      List<float[]> actual = run(CudaBackend.open(), opCase);
      Optional<BitComparison.Divergence> divergence =
          BitComparison.firstDifference(opCase.op(), expected, actual);
      assertThat(divergence).as("%s", opCase).isEmpty();
    }
  }

  private static List<float[]> run(Backend backend, OpCase opCase) {
    try (backend) {
      return opCase.run(backend);
    }
  }
}
