package org.polyculture.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.NumericsSpecVersion;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.state.DecodeError.Reason;

/**
 * The canonical byte serialisation of a {@link TrainingState} (docs/state.md §2) and its strict
 * parser. Little-endian throughout; every NaN is written as {@code 0x7FC00000}; the parser accepts
 * exactly the bytes the encoder produces and reports anything else as a typed {@link DecodeError},
 * never an exception.
 */
public final class StateCodec {

  /** The first eight bytes of every serialised state: ASCII {@code PLCSTATE}. */
  public static final Bytes MAGIC = Bytes.wrap("PLCSTATE".getBytes(StandardCharsets.US_ASCII));

  /** Version of this byte layout. */
  public static final int FORMAT_VERSION = 1;

  /** Bytes before the tensor values. */
  public static final int HEADER_LENGTH = 144;

  private StateCodec() {}

  /** The length of the serialisation of any state of {@code config}. */
  public static long encodedLength(ModelConfig config) {
    return HEADER_LENGTH + 3L * Float.BYTES * config.parameterCount();
  }

  /** The canonical bytes of {@code state}. */
  public static Bytes encode(TrainingState state) {
    return Bytes.wrap(StateBytes.of(state).toArray());
  }

  /** Decodes a state of any valid config. */
  public static DecodeResult<TrainingState> decode(Bytes bytes) {
    return decode(bytes, Optional.empty());
  }

  /** Decodes a state and requires its config to be {@code expected}. */
  public static DecodeResult<TrainingState> decode(Bytes bytes, ModelConfig expected) {
    return decode(bytes, Optional.of(expected));
  }

  private static DecodeResult<TrainingState> decode(
      Bytes bytes, Optional<ModelConfig> expectedConfig) {
    int magicLength = MAGIC.size();
    Bytes prefix = bytes.slice(0, Math.min(magicLength, bytes.size()));
    if (!MAGIC.slice(0, prefix.size()).equals(prefix)) {
      return DecodeResult.rejected(Reason.BAD_MAGIC, "does not start with PLCSTATE");
    }
    if (bytes.size() < HEADER_LENGTH) {
      return truncated(bytes.size(), HEADER_LENGTH);
    }
    ByteBuffer buffer =
        ByteBuffer.wrap(bytes.slice(0, HEADER_LENGTH).toArray()).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(magicLength);
    int format = buffer.getInt();
    if (format != FORMAT_VERSION) {
      return DecodeResult.rejected(
          Reason.UNSUPPORTED_FORMAT,
          "state format "
              + Integer.toUnsignedString(format)
              + ", this node reads "
              + FORMAT_VERSION);
    }
    int specVersion = buffer.getInt();
    if (specVersion != NumericsSpecVersion.CURRENT) {
      return DecodeResult.rejected(
          Reason.UNSUPPORTED_SPEC_VERSION,
          "numerics spec v"
              + Integer.toUnsignedString(specVersion)
              + ", this node implements v"
              + NumericsSpecVersion.CURRENT);
    }
    byte[] configBytes = new byte[ModelConfig.CANONICAL_LENGTH];
    buffer.get(configBytes);
    Optional<ModelConfig> parsedConfig = ModelConfig.fromCanonicalBytes(Bytes.wrap(configBytes));
    if (parsedConfig.isEmpty()) {
      return DecodeResult.rejected(Reason.INVALID_CONFIG, "the model config is not valid");
    }
    ModelConfig config = parsedConfig.get();
    if (expectedConfig.isPresent() && !expectedConfig.get().equals(config)) {
      return DecodeResult.rejected(
          Reason.CONFIG_MISMATCH, "state is for " + config + ", expected " + expectedConfig.get());
    }
    long seed = buffer.getLong();
    byte[] root = new byte[Bytes32.SIZE];
    buffer.get(root);
    long step = buffer.getLong();
    if (step < 0 || step > TrainingState.MAX_STEP) {
      return DecodeResult.rejected(
          Reason.INVALID_FIELD, "step " + Long.toUnsignedString(step) + " is not below 2^32");
    }
    float beta1Power = buffer.getFloat();
    float beta2Power = buffer.getFloat();
    if (!canonical(beta1Power, buffer.getInt(buffer.position() - 8))
        || !canonical(beta2Power, buffer.getInt(buffer.position() - 4))) {
      return DecodeResult.rejected(Reason.NON_CANONICAL_NAN, "a beta power is a non-canonical NaN");
    }
    long valueCount = buffer.getLong();
    if (valueCount != config.parameterCount()) {
      return DecodeResult.rejected(
          Reason.INVALID_FIELD,
          "header says "
              + Long.toUnsignedString(valueCount)
              + " values per section, the config has "
              + config.parameterCount());
    }
    long expectedLength = encodedLength(config);
    if (bytes.size() < expectedLength) {
      return truncated(bytes.size(), expectedLength);
    }
    if (bytes.size() > expectedLength) {
      return DecodeResult.rejected(
          Reason.TRAILING_BYTES,
          (bytes.size() - expectedLength) + " bytes after the end of the state");
    }
    ParameterLayout layout = new ParameterLayout(config);
    ByteBuffer values = ByteBuffer.wrap(bytes.toArrayUnsafe()).order(ByteOrder.LITTLE_ENDIAN);
    values.position(HEADER_LENGTH);
    List<ModelTensors> sections = new ArrayList<>(3);
    for (int section = 0; section < 3; section++) {
      List<float[]> tensors = new ArrayList<>(layout.count());
      for (int i = 0; i < layout.count(); i++) {
        float[] tensor = new float[layout.get(i).size()];
        int start = values.position();
        values.asFloatBuffer().get(tensor);
        for (int j = 0; j < tensor.length; j++) {
          if (tensor[j] != tensor[j]
              && values.getInt(start + j * Float.BYTES) != ModelTensors.CANONICAL_NAN_BITS) {
            return DecodeResult.rejected(
                Reason.NON_CANONICAL_NAN,
                "element " + j + " of " + layout.get(i).name() + " is a non-canonical NaN");
          }
        }
        values.position(start + tensor.length * Float.BYTES);
        tensors.add(tensor);
      }
      sections.add(ModelTensors.copyOf(layout, tensors));
    }
    return DecodeResult.valid(
        new TrainingState(
            specVersion,
            config,
            seed,
            Bytes32.wrap(root),
            step,
            beta1Power,
            beta2Power,
            sections.get(0),
            sections.get(1),
            sections.get(2)));
  }

  /** The 144 header bytes of {@code state}. */
  static byte[] header(TrainingState state) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC.toArrayUnsafe());
    buffer.putInt(FORMAT_VERSION);
    buffer.putInt(state.specVersion());
    buffer.put(state.config().canonicalBytes().toArrayUnsafe());
    buffer.putLong(state.jobSeed());
    buffer.put(state.datasetRoot().toArrayUnsafe());
    buffer.putLong(state.step());
    buffer.putInt(StateBytes.canonicalBits(state.beta1Power()));
    buffer.putInt(StateBytes.canonicalBits(state.beta2Power()));
    buffer.putLong(state.parameters().layout().totalElements());
    if (buffer.position() != HEADER_LENGTH) {
      throw new IllegalStateException("header layout is " + buffer.position() + " bytes");
    }
    return buffer.array();
  }

  private static boolean canonical(float value, int bits) {
    return value == value || bits == ModelTensors.CANONICAL_NAN_BITS;
  }

  private static DecodeResult<TrainingState> truncated(long actual, long expected) {
    return DecodeResult.rejected(
        Reason.TRUNCATED, "ends after " + actual + " bytes, a state needs " + expected);
  }
}
