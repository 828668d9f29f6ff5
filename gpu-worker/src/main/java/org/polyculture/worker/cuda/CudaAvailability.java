package org.polyculture.worker.cuda;

/**
 * Whether this process can use a CUDA device, and if not, why: what a backend chooser logs when it
 * falls back to the CPU, and what the CUDA tests name when they skip.
 *
 * @param reason {@link Reason#AVAILABLE} or what is missing
 * @param detail the device's name when available; otherwise the underlying error
 */
public record CudaAvailability(Reason reason, String detail) {

  /** What stands between this process and a CUDA device. */
  public enum Reason {
    AVAILABLE,
    /** The JCuda driver binding or the driver's {@code libcuda.so.1} cannot be loaded. */
    LIBRARY_MISSING,
    /** The driver loaded but reports no CUDA device. */
    NO_DEVICE,
    /** The driver refused to initialise (too old, mismatched, device unavailable...). */
    DRIVER
  }

  public boolean available() {
    return reason == Reason.AVAILABLE;
  }

  /** Probes the driver once per process: loads the binding, initialises it and counts devices. */
  public static CudaAvailability probe() {
    return CudaDriver.availability();
  }

  @Override
  public String toString() {
    return available() ? "CUDA device: " + detail : "no CUDA (" + reason + "): " + detail;
  }
}
