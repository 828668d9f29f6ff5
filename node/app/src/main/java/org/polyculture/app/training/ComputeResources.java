package org.polyculture.app.training;

import java.util.function.Supplier;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.state.StateHasher;

/**
 * The compute a command runs on: fresh backends of the chosen kind and a state hasher, sharing one
 * thread pool that {@link #close()} shuts down.
 */
public final class ComputeResources implements AutoCloseable {

  private final String backendName;
  private final int threads;
  private final Supplier<Backend> backends;
  private final StateHasher hasher;
  private final Runnable shutdown;

  public ComputeResources(
      String backendName,
      int threads,
      Supplier<Backend> backends,
      StateHasher hasher,
      Runnable shutdown) {
    this.backendName = backendName;
    this.threads = threads;
    this.backends = backends;
    this.hasher = hasher;
    this.shutdown = shutdown;
  }

  public String backendName() {
    return backendName;
  }

  public int threads() {
    return threads;
  }

  /** A new backend; the caller closes it. */
  public Backend newBackend() {
    return backends.get();
  }

  public StateHasher hasher() {
    return hasher;
  }

  @Override
  public void close() {
    shutdown.run();
  }
}
