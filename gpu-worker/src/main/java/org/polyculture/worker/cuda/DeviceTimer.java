package org.polyculture.worker.cuda;

/**
 * Times device work with CUDA events: {@link #start()} and {@link #stop()} mark points of the
 * default stream, {@link #milliseconds()} waits for the second and returns the device time between
 * them.
 */
public final class DeviceTimer implements AutoCloseable {

  private final CudaDriver.Event start;
  private final CudaDriver.Event stop;

  DeviceTimer(CudaDriver driver) {
    this.start = driver.event();
    this.stop = driver.event();
  }

  public void start() {
    start.recordOnDefaultStream();
  }

  public void stop() {
    stop.recordOnDefaultStream();
  }

  public float milliseconds() {
    stop.synchronize();
    return stop.millisecondsSince(start);
  }

  @Override
  public void close() {
    start.close();
    stop.close();
  }
}
