package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CudaResultCodesTest {

  @Test
  void shouldPassSuccess() {
    assertThatCode(() -> CudaResultCodes.check(0, "cuInit")).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
    "2, CudaOutOfMemoryException, CUDA_ERROR_OUT_OF_MEMORY",
    "100, CudaUnavailableException, CUDA_ERROR_NO_DEVICE",
    "3, CudaUnavailableException, CUDA_ERROR_NOT_INITIALIZED",
    "34, CudaUnavailableException, CUDA_ERROR_STUB_LIBRARY",
    "218, CudaModuleException, CUDA_ERROR_INVALID_PTX",
    "222, CudaModuleException, CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
    "209, CudaModuleException, CUDA_ERROR_NO_BINARY_FOR_GPU",
    "700, CudaKernelFailureException, CUDA_ERROR_ILLEGAL_ADDRESS",
    "719, CudaKernelFailureException, CUDA_ERROR_LAUNCH_FAILED",
    "1, CudaException, CUDA_ERROR_INVALID_VALUE"
  })
  void shouldMapEveryFailureToItsTypedException(int code, String type, String name) {
    assertThatThrownBy(() -> CudaResultCodes.check(code, "cuSomething"))
        .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(type))
        .hasMessageContaining("cuSomething")
        .hasMessageContaining(name)
        .satisfies(e -> assertThat(((CudaException) e).resultCode()).hasValue(code));
  }

  @Test
  void shouldSayWhyTheDeviceIsUnavailable() {
    assertThat(((CudaUnavailableException) CudaResultCodes.exceptionFor(100, "cuInit")).reason())
        .isEqualTo(CudaAvailability.Reason.NO_DEVICE);
    assertThat(((CudaUnavailableException) CudaResultCodes.exceptionFor(35, "cuInit")).reason())
        .isEqualTo(CudaAvailability.Reason.DRIVER);
  }

  @Test
  void shouldKeepUnknownCodesAsPlainCudaExceptions() {
    CudaException e = CudaResultCodes.exceptionFor(123456, "cuLaunchKernel");
    assertThat(e.getClass()).isEqualTo(CudaException.class);
    assertThat(e.resultCode()).hasValue(123456);
  }
}
