package org.polyculture.worker.cuda;

import java.util.OptionalInt;

/** The device has too little free memory for the model: use a smaller config or another device. */
public final class CudaOutOfMemoryException extends CudaException {

  private static final long serialVersionUID = 1L;

  CudaOutOfMemoryException(String message, OptionalInt resultCode) {
    super(message, resultCode);
  }
}
