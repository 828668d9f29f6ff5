package org.polyculture.worker.cuda;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.backend.VectorBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the backend a command asked for with {@code --backend cuda|cpu|scalar|auto}. Every backend
 * gives the same bits, so the choice is one of speed only; {@code auto} takes CUDA when a device is
 * usable and otherwise the {@code cpu} backend, logging why.
 */
public final class BackendChooser {

  private static final Logger LOG = LoggerFactory.getLogger(BackendChooser.class);

  /** The backend that was opened, and why {@code auto} fell back, if it did. */
  public record Choice(Backend backend, Optional<String> fallbackReason) {}

  private final ExecutorService cpuExecutor;
  private final int cpuThreads;
  private final Supplier<Backend> cuda;

  /**
   * @param cpuExecutor runs the {@code cpu} backend's helper tasks
   * @param cpuThreads threads of the {@code cpu} backend, including the caller's
   */
  public BackendChooser(ExecutorService cpuExecutor, int cpuThreads) {
    this(cpuExecutor, cpuThreads, CudaBackend::open);
  }

  BackendChooser(ExecutorService cpuExecutor, int cpuThreads, Supplier<Backend> cuda) {
    if (cpuThreads < 1) {
      throw new IllegalArgumentException("cpuThreads must be at least 1, was " + cpuThreads);
    }
    this.cpuExecutor = cpuExecutor;
    this.cpuThreads = cpuThreads;
    this.cuda = cuda;
  }

  /** Opens the backend for {@code kind}; the caller owns (and closes) it. */
  public Backend open(BackendKind kind) {
    return choose(kind).backend();
  }

  /**
   * Opens the backend for {@code kind}.
   *
   * @throws CudaException for {@link BackendKind#CUDA} when no device can be used; {@code auto}
   *     never throws it but falls back to the CPU
   */
  public Choice choose(BackendKind kind) {
    return switch (kind) {
      case CUDA -> chosen(cuda.get());
      case CPU -> chosen(cpu());
      case SCALAR -> chosen(new ScalarBackend());
      case AUTO -> auto();
    };
  }

  private Choice auto() {
    try {
      return chosen(cuda.get());
    } catch (CudaException e) {
      String reason = e.getMessage();
      LOG.warn("--backend auto: CUDA is not usable ({}); using the cpu backend", reason);
      Backend cpu = cpu();
      LOG.info("Backend: cpu with {} threads", cpuThreads);
      return new Choice(cpu, Optional.of(reason));
    }
  }

  private Choice chosen(Backend backend) {
    LOG.info("Backend: {}", backend.name());
    return new Choice(backend, Optional.empty());
  }

  private Backend cpu() {
    return new VectorBackend(cpuExecutor, cpuThreads);
  }
}
