package org.polyculture.worker.cuda;

import java.util.OptionalInt;

/**
 * No usable CUDA device: the driver library is missing, there is no device, or the driver cannot
 * serve this program. A backend chooser falls back to the CPU on it.
 */
public final class CudaUnavailableException extends CudaException {

  private static final long serialVersionUID = 1L;

  private final CudaAvailability.Reason reason;

  CudaUnavailableException(CudaAvailability.Reason reason, String message, OptionalInt code) {
    super(message, code);
    this.reason = reason;
  }

  CudaUnavailableException(CudaAvailability.Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public CudaAvailability.Reason reason() {
    return reason;
  }
}
