package org.polyculture.worker.cuda;

import java.util.OptionalInt;

/**
 * A failure of the CUDA driver or of a kernel, mapped from a driver result code in one place
 * ({@link CudaResultCodes}). Unchecked: these are infrastructure failures, never expected outcomes
 * of a training step. Subclasses say what the caller can do about it.
 */
public class CudaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final OptionalInt resultCode;

  CudaException(String message, OptionalInt resultCode) {
    super(message);
    this.resultCode = resultCode;
  }

  CudaException(String message, Throwable cause) {
    super(message, cause);
    this.resultCode = OptionalInt.empty();
  }

  /** The driver's {@code CUresult}, when the failure came from a driver call. */
  public OptionalInt resultCode() {
    return resultCode;
  }
}
