package org.polyculture.protocol.job;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NumericsSpecVersion;
import org.polyculture.engine.state.DecodeError.Reason;
import org.polyculture.engine.state.DecodeResult;

/**
 * What a job's model spec hash commits to, as the ledger's {@code JobMetadata} event carries it:
 * {@code u32le(numerics spec version) ‖ canonical model config} (68 bytes; docs/state.md §2.1). The
 * ledger checks {@code SHA-256("polyculture.model-spec" ‖ these bytes)} against the job's {@code
 * modelSpecHash}, so a node that decodes them knows exactly what every step of the job computes.
 *
 * @param numericsSpecVersion the numerics spec version the job is trained under
 * @param config the model's architecture and hyperparameters
 */
public record ModelSpec(int numericsSpecVersion, ModelConfig config) {

  /** Length of {@link #encode()}. */
  public static final int LENGTH = Integer.BYTES + ModelConfig.CANONICAL_LENGTH;

  public ModelSpec {
    Objects.requireNonNull(config, "config");
  }

  /** The spec of {@code config} under the numerics spec version this engine implements. */
  public static ModelSpec current(ModelConfig config) {
    return new ModelSpec(NumericsSpecVersion.CURRENT, config);
  }

  /** {@code u32le(numericsSpecVersion) ‖ config.canonicalBytes()}. */
  public Bytes encode() {
    return Bytes.concatenate(
        Bytes.wrap(
            ByteBuffer.allocate(Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(numericsSpecVersion)
                .array()),
        config.canonicalBytes());
  }

  /** The model spec hash a job commits to. */
  public Bytes32 hash() {
    return config.specHash(numericsSpecVersion);
  }

  /**
   * Strictly decodes {@link #encode()}'s bytes from a chain event: exactly {@link #LENGTH} bytes,
   * the numerics spec version this engine implements, and a canonical, valid config.
   */
  public static DecodeResult<ModelSpec> decode(Bytes bytes) {
    if (bytes.size() < LENGTH) {
      return DecodeResult.rejected(
          Reason.TRUNCATED, "a model spec has " + LENGTH + " bytes, not " + bytes.size());
    }
    if (bytes.size() > LENGTH) {
      return DecodeResult.rejected(
          Reason.TRAILING_BYTES, "a model spec has " + LENGTH + " bytes, not " + bytes.size());
    }
    int version = bytes.slice(0, Integer.BYTES).toInt(ByteOrder.LITTLE_ENDIAN);
    if (version != NumericsSpecVersion.CURRENT) {
      return DecodeResult.rejected(
          Reason.UNSUPPORTED_SPEC_VERSION,
          "numerics spec v"
              + Integer.toUnsignedString(version)
              + ", this node implements v"
              + NumericsSpecVersion.CURRENT);
    }
    Optional<ModelConfig> config = ModelConfig.fromCanonicalBytes(bytes.slice(Integer.BYTES));
    return config
        .map(valid -> DecodeResult.valid(new ModelSpec(version, valid)))
        .orElseGet(
            () -> DecodeResult.rejected(Reason.INVALID_CONFIG, "the model config is not valid"));
  }
}
