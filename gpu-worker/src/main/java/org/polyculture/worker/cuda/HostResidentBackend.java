package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Any backend as a {@link ResidentStateBackend}: states are read back and hashed on the host with
 * the same chunked tree. For CPU backends, whose tensors are on the host anyway.
 */
public final class HostResidentBackend implements ResidentStateBackend {

  private final Backend backend;

  public HostResidentBackend(Backend backend) {
    this.backend = backend;
  }

  @Override
  public PendingStateHash hashState(ResidentState state) {
    byte[] bytes = stateBytes(state);
    List<Bytes32> leaves = new ArrayList<>();
    int chunks = StateTree.chunkCount(bytes.length);
    for (int i = 0; i < chunks; i++) {
      int from = i * StateTree.CHUNK_SIZE;
      int to = Math.min(bytes.length, from + StateTree.CHUNK_SIZE);
      MessageDigest sha256 = sha256();
      sha256.update((byte) 0);
      sha256.update(bytes, from, to - from);
      leaves.add(Bytes32.wrap(sha256.digest()));
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
        backend.read(spec, values);
        for (float value : values) {
          out.putInt(Float.floatToIntBits(value));
        }
      }
    }
    return out.array();
  }

  @Override
  public String name() {
    return backend.name();
  }

  @Override
  public void allocate(List<TensorSpec> tensors) {
    backend.allocate(tensors);
  }

  @Override
  public void write(TensorSpec spec, float[] values) {
    backend.write(spec, values);
  }

  @Override
  public void read(TensorSpec spec, float[] into) {
    backend.read(spec, into);
  }

  @Override
  public void writeInts(TensorSpec spec, int[] values) {
    backend.writeInts(spec, values);
  }

  @Override
  public void execute(Op op, StepScalars scalars) {
    backend.execute(op, scalars);
  }

  @Override
  public void close() {
    backend.close();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
