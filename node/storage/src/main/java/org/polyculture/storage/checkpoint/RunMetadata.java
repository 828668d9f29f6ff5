package org.polyculture.storage.checkpoint;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeError.Reason;
import org.polyculture.engine.state.DecodeResult;

/**
 * What a training run was started with: enough to resume it, replay any of its steps or sample from
 * it without the command line that started it.
 *
 * @param configName the named configuration the run started from, e.g. {@code nano}
 * @param config the exact model config (the run may have changed the schedule of the named one)
 * @param jobSeed the seed of the counter-based RNG
 * @param datasetRoot the dataset's Merkle root, as the manifest states it
 * @param datasetLocation where the dataset was read from, for replays on the same machine
 */
public record RunMetadata(
    String configName,
    ModelConfig config,
    long jobSeed,
    Bytes32 datasetRoot,
    String datasetLocation) {

  private static final Bytes MAGIC = Bytes.wrap("PLCRUNMD".getBytes(StandardCharsets.US_ASCII));
  private static final int FORMAT_VERSION = 1;
  private static final int MAX_STRING_BYTES = 4096;

  public RunMetadata {
    Objects.requireNonNull(configName, "configName");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(datasetLocation, "datasetLocation");
    requireLength(configName);
    requireLength(datasetLocation);
  }

  /**
   * {@code "PLCRUNMD" ‖ u32 format ‖ config (64 bytes) ‖ u64 seed ‖ root (32 bytes) ‖ two strings
   * as u32 length ‖ UTF-8}, little-endian.
   */
  public Bytes encode() {
    byte[] name = configName.getBytes(StandardCharsets.UTF_8);
    byte[] location = datasetLocation.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer =
        ByteBuffer.allocate(
                MAGIC.size()
                    + 4
                    + ModelConfig.CANONICAL_LENGTH
                    + 8
                    + Bytes32.SIZE
                    + 8
                    + name.length
                    + location.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC.toArrayUnsafe()).putInt(FORMAT_VERSION);
    buffer.put(config.canonicalBytes().toArrayUnsafe()).putLong(jobSeed);
    buffer.put(datasetRoot.toArrayUnsafe());
    buffer.putInt(name.length).put(name).putInt(location.length).put(location);
    return Bytes.wrap(buffer.array());
  }

  /** Strictly decodes {@link #encode()}'s bytes. */
  public static DecodeResult<RunMetadata> decode(Bytes bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    try {
      byte[] magic = new byte[MAGIC.size()];
      buffer.get(magic);
      if (!MAGIC.equals(Bytes.wrap(magic))) {
        return DecodeResult.rejected(Reason.BAD_MAGIC, "not run metadata");
      }
      int format = buffer.getInt();
      if (format != FORMAT_VERSION) {
        return DecodeResult.rejected(Reason.UNSUPPORTED_FORMAT, "run metadata format " + format);
      }
      byte[] configBytes = new byte[ModelConfig.CANONICAL_LENGTH];
      buffer.get(configBytes);
      Optional<ModelConfig> config = ModelConfig.fromCanonicalBytes(Bytes.wrap(configBytes));
      if (config.isEmpty()) {
        return DecodeResult.rejected(Reason.INVALID_CONFIG, "the run's model config is invalid");
      }
      long seed = buffer.getLong();
      byte[] root = new byte[Bytes32.SIZE];
      buffer.get(root);
      Optional<String> name = readString(buffer);
      Optional<String> location = name.isPresent() ? readString(buffer) : Optional.empty();
      if (name.isEmpty() || location.isEmpty()) {
        return DecodeResult.rejected(
            Reason.INVALID_FIELD, "a string is too long or not valid UTF-8");
      }
      if (buffer.hasRemaining()) {
        return DecodeResult.rejected(
            Reason.TRAILING_BYTES, buffer.remaining() + " bytes after the run metadata");
      }
      return DecodeResult.valid(
          new RunMetadata(name.get(), config.get(), seed, Bytes32.wrap(root), location.get()));
    } catch (BufferUnderflowException e) {
      return DecodeResult.rejected(Reason.TRUNCATED, "run metadata ends early");
    }
  }

  private static Optional<String> readString(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0 || length > MAX_STRING_BYTES) {
      return Optional.empty();
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static void requireLength(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException("at most " + MAX_STRING_BYTES + " bytes: " + value);
    }
    if (!new String(utf8, StandardCharsets.UTF_8).equals(value)) {
      throw new IllegalArgumentException("not representable in UTF-8: " + value);
    }
  }
}
