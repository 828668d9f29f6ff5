package org.polyculture.worker.cuda;

import java.util.OptionalInt;

/**
 * A kernel faulted (illegal address, launch failure, timeout...). The CUDA context is unusable
 * afterwards: close the backend and open a new one.
 */
public final class CudaKernelFailureException extends CudaException {

  private static final long serialVersionUID = 1L;

  CudaKernelFailureException(String message, OptionalInt resultCode) {
    super(message, resultCode);
  }
}
