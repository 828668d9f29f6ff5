package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Any backend as a {@link ResidentStateBackend}: states are read back and hashed on the host with
 * the same chunked tree. For CPU backends, whose tensors are on the host anyway.
 */
public final class HostResidentBackend extends ForwardingBackend implements ResidentStateBackend {

  public HostResidentBackend(Backend backend) {
    super(backend);
  }

  @Override
  public PendingStateHash hashState(ResidentState state) {
    byte[] bytes = stateBytes(state);
    List<Bytes32> leaves = new ArrayList<>();
    int chunks = StateTree.chunkCount(bytes.length);
    for (int i = 0; i < chunks; i++) {
      int from = i * StateTree.CHUNK_SIZE;
      int to = Math.min(bytes.length, from + StateTree.CHUNK_SIZE);
      leaves.add(StateTree.leaf(bytes, from, to));
    }
    Bytes32 hash = StateTree.combine(leaves, bytes.length);
    return new PendingStateHash(() -> hash);
  }

  @Override
  public byte[] stateBytes(ResidentState state) {
    long length = state.length();
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a state of " + length + " bytes does not fit one array");
    }
    ByteBuffer out = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(state.header());
    for (List<TensorSpec> section : state.sections()) {
      for (TensorSpec spec : section) {
        float[] values = new float[spec.size()];
        delegate().read(spec, values);
        for (float value : values) {
          out.putInt(Float.floatToIntBits(value));
        }
      }
    }
    return out.array();
  }
}
