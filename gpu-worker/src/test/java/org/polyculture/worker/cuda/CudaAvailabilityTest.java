package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The probe says whether CUDA is usable and why not; opening the backend without a device fails
 * with that reason (what {@code --backend auto} logs before falling back).
 */
class CudaAvailabilityTest {

  @Test
  void shouldNameWhatIsMissingWhenThereIsNoDevice() {
    CudaAvailability availability = CudaAvailability.probe();
    assumeFalse(availability.available(), "this machine has a CUDA device: " + availability);
    assertThat(availability.reason()).isNotEqualTo(CudaAvailability.Reason.AVAILABLE);
    assertThat(availability.detail()).isNotBlank();
    assertThatThrownBy(CudaBackend::open)
        .isInstanceOfSatisfying(
            CudaUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(availability.reason()));
  }

  @Test
  void shouldNameTheDeviceWhenThereIsOne() {
    CudaAvailability availability = CudaAvailability.probe();
    assumeTrue(availability.available(), "no CUDA device: " + availability);
    try (CudaBackend backend = CudaBackend.open()) {
      assertThat(availability.detail()).contains(backend.deviceName());
      assertThat(backend.name()).isEqualTo("cuda");
    }
  }
}
