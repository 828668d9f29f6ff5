package org.polyculture.worker.cuda;

import java.util.OptionalInt;

/**
 * The driver could not load the kernels: the PTX is invalid, newer than the driver understands, or
 * not compilable for this device (the shipped PTX targets compute capability 9.0).
 */
public final class CudaModuleException extends CudaException {

  private static final long serialVersionUID = 1L;

  CudaModuleException(String message, OptionalInt resultCode) {
    super(message, resultCode);
  }
}
