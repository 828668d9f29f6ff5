package org.polyculture.worker.cuda;

/**
 * The {@code cuda} backend: every canonical op as kernels that keep the spec's order
 * (docs/numerics.md, docs/gpu.md), on one NVIDIA device through the CUDA driver API, with identical
 * bits to the CPU backends. Tensors stay resident in device memory between ops and steps; only what
 * the caller writes or reads crosses to the host, and a training state can be hashed on the device
 * ({@link #hashState}) so that only its 32-byte digests do.
 *
 * <p>Used by one thread at a time, like every backend. Kernel launches are asynchronous; reads,
 * writes and {@link #synchronize()} wait for the work before them.
 */
public final class CudaBackend extends ForwardingBackend implements ResidentStateBackend {

  private final CudaDriver driver;
  private final DeviceStateHasher hasher;

  private CudaBackend(CudaDriver driver) {
    this(driver, new DeviceBackend("cuda", driver, driver, () -> {}));
  }

  private CudaBackend(CudaDriver driver, DeviceBackend backend) {
    super(backend);
    this.driver = driver;
    this.hasher = new DeviceStateHasher(backend.tensors(), new CudaHashLane(driver));
  }

  /** Opens the first CUDA device. */
  public static CudaBackend open() {
    return open(0);
  }

  /**
   * A backend on CUDA device {@code ordinal}. The device's context and kernels are loaded once per
   * process and shared; each backend owns its tensors and frees them when closed.
   *
   * @throws CudaUnavailableException when there is no usable driver or device
   * @throws CudaModuleException when the driver cannot load the shipped PTX
   */
  public static CudaBackend open(int ordinal) {
    return new CudaBackend(CudaDriver.shared(ordinal));
  }

  /** The device's name, e.g. {@code NVIDIA H200}. */
  public String deviceName() {
    return driver.deviceName();
  }

  /** The device's multiprocessor count. */
  public int multiprocessors() {
    return driver.multiprocessors();
  }

  /**
   * Starts hashing a state whose tensors live on this backend, after all work issued so far: the
   * canonical bytes are assembled and hashed on the device while the caller goes on (for example
   * with the next step, which may overwrite the tensors: they are copied first).
   */
  @Override
  public PendingStateHash hashState(ResidentState state) {
    return hasher.hash(state);
  }

  /** The canonical bytes of a state whose tensors live on this backend. */
  @Override
  public byte[] stateBytes(ResidentState state) {
    return hasher.bytes(state);
  }

  /** Waits until every launch issued so far has finished; kernel faults surface here. */
  public void synchronize() {
    driver.synchronize();
  }

  /** A timer of device work between two points of the launch sequence (for benchmarks). */
  public DeviceTimer timer() {
    return new DeviceTimer(driver);
  }

  /** Frees this backend's device memory; the shared device stays open for other backends. */
  @Override
  public void close() {
    try {
      driver.synchronize();
      hasher.close();
    } finally {
      super.close();
    }
  }
}
