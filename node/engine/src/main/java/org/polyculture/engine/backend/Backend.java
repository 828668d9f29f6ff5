package org.polyculture.engine.backend;

import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Executes the canonical ops of docs/numerics.md over storage it owns (host arrays, or device
 * memory for the CUDA backend). Every backend produces identical bits for every op.
 *
 * <p>A backend is used by one thread at a time; a multi-threaded backend parallelises inside an op
 * over output elements, on an executor it was given.
 *
 * <p>Implementations: {@link ScalarBackend} ({@code scalar}, the reference) and {@code
 * VectorBackend} ({@code cpu}). Every op overwrites its outputs; only elementwise ops may work in
 * place (docs/numerics.md §5.1). A program whose tensors do not fit an op, that aliases the outputs
 * of a non-elementwise op with its inputs, or that holds a token outside the vocabulary is rejected
 * with {@link IllegalArgumentException}; using a tensor that was never allocated, or a closed
 * backend, throws {@link IllegalStateException}.
 */
public interface Backend extends AutoCloseable {

  /** Short name used on the command line: {@code scalar}, {@code cpu}, {@code cuda}. */
  String name();

  /** Allocates zero-filled storage for each tensor not yet allocated. */
  void allocate(List<TensorSpec> tensors);

  /** Copies {@code values} (exactly {@code spec.size()} of them) into a float tensor. */
  void write(TensorSpec spec, float[] values);

  /** Copies a float tensor's elements into {@code into} (at least {@code spec.size()} long). */
  void read(TensorSpec spec, float[] into);

  /** Copies {@code values} into an int tensor. */
  void writeInts(TensorSpec spec, int[] values);

  /** Runs one op. The op's tensors must have been allocated. */
  void execute(Op op, StepScalars scalars);

  /** Frees the storage; the backend cannot be used afterwards. */
  @Override
  void close();
}
