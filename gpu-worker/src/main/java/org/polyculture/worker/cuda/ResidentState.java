package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * A training state that lives on a backend: the 144 header bytes of its canonical serialisation
 * (docs/state.md §2, built on the host) and the backend's tensors that hold the parameters and
 * AdamW's two moments, each list in canonical parameter order.
 */
public record ResidentState(
    byte[] header,
    List<TensorSpec> parameters,
    List<TensorSpec> firstMoments,
    List<TensorSpec> secondMoments) {

  /** Bytes before the tensor values (docs/state.md §2). */
  public static final int HEADER_LENGTH = 144;

  public ResidentState {
    if (header.length != HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "a state header has " + HEADER_LENGTH + " bytes, got " + header.length);
    }
    header = header.clone();
    parameters = List.copyOf(parameters);
    firstMoments = List.copyOf(firstMoments);
    secondMoments = List.copyOf(secondMoments);
    if (firstMoments.size() != parameters.size() || secondMoments.size() != parameters.size()) {
      throw new IllegalArgumentException("parameters and moments must list the same tensors");
    }
    for (int i = 0; i < parameters.size(); i++) {
      int size = parameters.get(i).size();
      if (firstMoments.get(i).size() != size || secondMoments.get(i).size() != size) {
        throw new IllegalArgumentException(
            "moments of " + parameters.get(i) + " differ in size from the parameter");
      }
    }
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  /** {@code N}, the number of scalar parameters. */
  public long parameterCount() {
    return parameters.stream().mapToLong(TensorSpec::size).sum();
  }

  /** Length of the canonical bytes: {@code 144 + 12N}. */
  public long length() {
    return HEADER_LENGTH + 12 * parameterCount();
  }

  /** The three sections in serialisation order. */
  List<List<TensorSpec>> sections() {
    return List.of(parameters, firstMoments, secondMoments);
  }
}
