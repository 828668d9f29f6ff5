package org.polyculture.worker;

import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.state.StateHasher;

/**
 * The compute a worker trains and recomputes on, from the process wiring: fresh backends of the
 * chosen kind (the caller closes each) and the state hasher, sharing the process's thread pool.
 */
public interface WorkerCompute {

  Backend newBackend();

  StateHasher hasher();

  /** For logs and the hardware description, e.g. {@code cpu x2}. */
  String description();
}
