package org.polyculture.worker.cuda;

import java.util.OptionalInt;
import java.util.Set;

/**
 * The one place where CUDA driver result codes ({@code CUresult}) become exceptions, in the manner
 * of lmdbjava's {@code ResultCodeMapper}: success passes, every other code throws the subclass of
 * {@link CudaException} that says what the caller can do.
 */
final class CudaResultCodes {

  static final int SUCCESS = 0;
  static final int OUT_OF_MEMORY = 2;
  static final int NO_DEVICE = 100;
  static final int ILLEGAL_ADDRESS = 700;

  /** The driver or the device cannot serve this process at all. */
  private static final Set<Integer> UNAVAILABLE =
      Set.of(
          3, // NOT_INITIALIZED
          4, // DEINITIALIZED
          34, // STUB_LIBRARY
          35, // INSUFFICIENT_DRIVER
          46, // DEVICE_UNAVAILABLE
          NO_DEVICE, 101, // INVALID_DEVICE
          803, // SYSTEM_DRIVER_MISMATCH
          804); // COMPAT_NOT_SUPPORTED_ON_DEVICE

  /** The kernels could not be loaded from their PTX. */
  private static final Set<Integer> MODULE =
      Set.of(
          200, // INVALID_IMAGE
          209, // NO_BINARY_FOR_GPU
          218, // INVALID_PTX
          221, // JIT_COMPILER_NOT_FOUND
          222, // UNSUPPORTED_PTX_VERSION
          223, // JIT_COMPILATION_DISABLED
          300, // INVALID_SOURCE
          500); // NOT_FOUND: a kernel missing from its module

  /** A kernel faulted; the context is lost. */
  private static final Set<Integer> KERNEL_FAILURE =
      Set.of(
          ILLEGAL_ADDRESS,
          701, // LAUNCH_OUT_OF_RESOURCES
          702, // LAUNCH_TIMEOUT
          714, // HARDWARE_STACK_ERROR
          715, // ILLEGAL_INSTRUCTION
          716, // MISALIGNED_ADDRESS
          717, // INVALID_ADDRESS_SPACE
          718, // INVALID_PC
          719); // LAUNCH_FAILED

  private CudaResultCodes() {}

  /** Returns normally for success; otherwise throws the mapped exception naming {@code call}. */
  static void check(int code, String call) {
    if (code != SUCCESS) {
      throw exceptionFor(code, call);
    }
  }

  static CudaException exceptionFor(int code, String call) {
    String message = call + " failed: " + name(code) + " (" + code + ")";
    OptionalInt resultCode = OptionalInt.of(code);
    if (code == OUT_OF_MEMORY) {
      return new CudaOutOfMemoryException(message, resultCode);
    }
    if (UNAVAILABLE.contains(code)) {
      CudaAvailability.Reason reason =
          code == NO_DEVICE ? CudaAvailability.Reason.NO_DEVICE : CudaAvailability.Reason.DRIVER;
      return new CudaUnavailableException(reason, message, resultCode);
    }
    if (MODULE.contains(code)) {
      return new CudaModuleException(message, resultCode);
    }
    if (KERNEL_FAILURE.contains(code)) {
      return new CudaKernelFailureException(message, resultCode);
    }
    return new CudaException(message, resultCode);
  }

  /** The driver's name of a code ({@code CUDA_ERROR_OUT_OF_MEMORY}), from JCuda's constants. */
  static String name(int code) {
    return jcuda.driver.CUresult.stringFor(code);
  }
}
