package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;

/**
 * The 144 header bytes of a state's canonical serialisation (docs/state.md §2), for states whose
 * tensors live on a device: magic, format, numerics spec version, config, seed, dataset root, step,
 * the carried beta powers (NaN written as {@code 0x7FC00000}) and {@code N}. StateHeadersTest holds
 * it to {@link StateCodec#encode}.
 */
public final class StateHeaders {

  private static final byte[] MAGIC = "PLCSTATE".getBytes(StandardCharsets.US_ASCII);

  private StateHeaders() {}

  /** The header of a state with these fields. */
  public static byte[] of(
      int specVersion,
      ModelConfig config,
      long jobSeed,
      Bytes32 datasetRoot,
      long step,
      float beta1Power,
      float beta2Power) {
    ByteBuffer buffer =
        ByteBuffer.allocate(ResidentState.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC);
    buffer.putInt(StateCodec.FORMAT_VERSION);
    buffer.putInt(specVersion);
    buffer.put(config.canonicalBytes().toArrayUnsafe());
    buffer.putLong(jobSeed);
    buffer.put(datasetRoot.toArrayUnsafe());
    buffer.putLong(step);
    buffer.putInt(Float.floatToIntBits(beta1Power));
    buffer.putInt(Float.floatToIntBits(beta2Power));
    buffer.putLong(config.parameterCount());
    if (buffer.position() != ResidentState.HEADER_LENGTH) {
      throw new IllegalStateException("header layout is " + buffer.position() + " bytes");
    }
    return buffer.array();
  }

  /** The header of {@code state}. */
  public static byte[] of(TrainingState state) {
    return of(
        state.specVersion(),
        state.config(),
        state.jobSeed(),
        state.datasetRoot(),
        state.step(),
        state.beta1Power(),
        state.beta2Power());
  }
}
