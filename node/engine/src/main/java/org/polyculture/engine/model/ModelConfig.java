package org.polyculture.engine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The architecture and optimiser hyperparameters of a model (docs/numerics.md §5): everything that,
 * together with the numerics spec version, fixes what a training step computes. Immutable; built
 * and validated by {@link Builder}. The vocabulary is always the 256 byte values.
 */
public final class ModelConfig {

  /** Byte-level vocabulary. */
  public static final int VOCAB = 256;

  /** Version of the layout of {@link #canonicalBytes()}. */
  public static final int CANONICAL_FORMAT = 1;

  /** Length of {@link #canonicalBytes()}. */
  public static final int CANONICAL_LENGTH = 64;

  private static final byte[] SPEC_HASH_DOMAIN =
      "polyculture.model-spec".getBytes(StandardCharsets.US_ASCII);

  /** More blocks than any model here needs; bounds the work a hostile config can cause. */
  public static final int MAX_LAYERS = 1024;

  /** Floats converted from integers must stay exact (docs/numerics.md §1). */
  private static final int MAX_EXACT_INT = 1 << 24;

  private final int layers;
  private final int channels;
  private final int heads;
  private final int context;
  private final int batch;
  private final float maxLearningRate;
  private final float minLearningRate;
  private final int warmupSteps;
  private final int totalSteps;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final float maxGradNorm;

  private ModelConfig(Builder builder) {
    this.layers = builder.layers;
    this.channels = builder.channels;
    this.heads = builder.heads;
    this.context = builder.context;
    this.batch = builder.batch;
    this.maxLearningRate = builder.maxLearningRate;
    this.minLearningRate = builder.minLearningRate;
    this.warmupSteps = builder.warmupSteps;
    this.totalSteps = builder.totalSteps;
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
    this.weightDecay = builder.weightDecay;
    this.maxGradNorm = builder.maxGradNorm;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .layers(layers)
        .channels(channels)
        .heads(heads)
        .context(context)
        .batch(batch)
        .maxLearningRate(maxLearningRate)
        .minLearningRate(minLearningRate)
        .warmupSteps(warmupSteps)
        .totalSteps(totalSteps)
        .beta1(beta1)
        .beta2(beta2)
        .epsilon(epsilon)
        .weightDecay(weightDecay)
        .maxGradNorm(maxGradNorm);
  }

  /** {@code L}: number of transformer blocks. */
  public int layers() {
    return layers;
  }

  /** {@code C}: width of the residual stream. */
  public int channels() {
    return channels;
  }

  /** {@code H}: attention heads per block. */
  public int heads() {
    return heads;
  }

  /** {@code hs = C / H}. */
  public int headSize() {
    return channels / heads;
  }

  /** {@code T}: tokens per sequence. */
  public int context() {
    return context;
  }

  /** {@code B}: sequences per step. */
  public int batch() {
    return batch;
  }

  public int vocab() {
    return VOCAB;
  }

  /** Tokens one training step consumes: {@code B·T}. */
  public int tokensPerStep() {
    return batch * context;
  }

  /** Number of scalar parameters: {@code 2VC + TC + L(12C² + 13C) + 2C}. */
  public long parameterCount() {
    long c = channels;
    return 2L * VOCAB * c + context * c + layers * (12 * c * c + 13 * c) + 2 * c;
  }

  public float maxLearningRate() {
    return maxLearningRate;
  }

  public float minLearningRate() {
    return minLearningRate;
  }

  public int warmupSteps() {
    return warmupSteps;
  }

  /** The length of the learning-rate schedule; a job never trains step {@code totalSteps}. */
  public int totalSteps() {
    return totalSteps;
  }

  public float beta1() {
    return beta1;
  }

  public float beta2() {
    return beta2;
  }

  public float epsilon() {
    return epsilon;
  }

  public float weightDecay() {
    return weightDecay;
  }

  public float maxGradNorm() {
    return maxGradNorm;
  }

  /**
   * The canonical encoding (docs/state.md §2): {@value #CANONICAL_LENGTH} bytes, little-endian,
   * integers as u32 and hyperparameters as their float32 bits.
   */
  public Bytes canonicalBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(CANONICAL_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    buffer
        .putInt(CANONICAL_FORMAT)
        .putInt(VOCAB)
        .putInt(layers)
        .putInt(channels)
        .putInt(heads)
        .putInt(context)
        .putInt(batch)
        .putFloat(maxLearningRate)
        .putFloat(minLearningRate)
        .putInt(warmupSteps)
        .putInt(totalSteps)
        .putFloat(beta1)
        .putFloat(beta2)
        .putFloat(epsilon)
        .putFloat(weightDecay)
        .putFloat(maxGradNorm);
    return Bytes.wrap(buffer.array());
  }

  /**
   * Parses {@link #canonicalBytes()}: empty if the length, format or vocabulary is wrong or the
   * values do not form a valid configuration (see {@link Builder#problems()}).
   */
  public static Optional<ModelConfig> fromCanonicalBytes(Bytes bytes) {
    if (bytes.size() != CANONICAL_LENGTH) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toArrayUnsafe()).order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.getInt() != CANONICAL_FORMAT || buffer.getInt() != VOCAB) {
      return Optional.empty();
    }
    Builder builder =
        new Builder()
            .layers(buffer.getInt())
            .channels(buffer.getInt())
            .heads(buffer.getInt())
            .context(buffer.getInt())
            .batch(buffer.getInt())
            .maxLearningRate(buffer.getFloat())
            .minLearningRate(buffer.getFloat())
            .warmupSteps(buffer.getInt())
            .totalSteps(buffer.getInt())
            .beta1(buffer.getFloat())
            .beta2(buffer.getFloat())
            .epsilon(buffer.getFloat())
            .weightDecay(buffer.getFloat())
            .maxGradNorm(buffer.getFloat());
    if (!builder.problems().isEmpty()) {
      return Optional.empty();
    }
    ModelConfig config = builder.build();
    // Rejects NaN payloads and negative zeros that decode to a config with other canonical bytes.
    return config.canonicalBytes().equals(bytes) ? Optional.of(config) : Optional.empty();
  }

  /**
   * The model spec hash a job commits to: {@code SHA-256("polyculture.model-spec" ‖
   * u32le(numericsSpecVersion) ‖ canonicalBytes)}.
   */
  public Bytes32 specHash(int numericsSpecVersion) {
    MessageDigest sha256 = sha256();
    sha256.update(SPEC_HASH_DOMAIN);
    sha256.update(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(numericsSpecVersion).array());
    sha256.update(canonicalBytes().toArrayUnsafe());
    return Bytes32.wrap(sha256.digest());
  }

  /** The spec hash under the current numerics spec version. */
  public Bytes32 specHash() {
    return specHash(NumericsSpecVersion.CURRENT);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelConfig that && canonicalBytes().equals(that.canonicalBytes());
  }

  @Override
  public int hashCode() {
    return canonicalBytes().hashCode();
  }

  @Override
  public String toString() {
    return "ModelConfig[L="
        + layers
        + ", C="
        + channels
        + ", H="
        + heads
        + ", T="
        + context
        + ", B="
        + batch
        + ", lr="
        + maxLearningRate
        + ".."
        + minLearningRate
        + ", warmup="
        + warmupSteps
        + ", total="
        + totalSteps
        + ", betas=("
        + beta1
        + ", "
        + beta2
        + "), eps="
        + epsilon
        + ", wd="
        + weightDecay
        + ", clip="
        + maxGradNorm
        + "]";
  }

  /** Collects the values of a {@link ModelConfig}; {@link #build()} validates them. */
  public static final class Builder {
    private int layers = 2;
    private int channels = 64;
    private int heads = 4;
    private int context = 64;
    private int batch = 8;
    private float maxLearningRate = 1e-3f;
    private float minLearningRate = 1e-4f;
    private int warmupSteps = 10;
    private int totalSteps = 1000;
    private float beta1 = 0.9f;
    private float beta2 = 0.95f;
    private float epsilon = 1e-8f;
    private float weightDecay = 0.1f;
    private float maxGradNorm = 1.0f;

    private Builder() {}

    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    public Builder channels(int channels) {
      this.channels = channels;
      return this;
    }

    public Builder heads(int heads) {
      this.heads = heads;
      return this;
    }

    public Builder context(int context) {
      this.context = context;
      return this;
    }

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder maxLearningRate(float maxLearningRate) {
      this.maxLearningRate = maxLearningRate;
      return this;
    }

    public Builder minLearningRate(float minLearningRate) {
      this.minLearningRate = minLearningRate;
      return this;
    }

    public Builder warmupSteps(int warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    public Builder totalSteps(int totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder beta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    public Builder beta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    public Builder epsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Builder weightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder maxGradNorm(float maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /** What is wrong with the values collected so far; empty when {@link #build()} succeeds. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      requirePositive(problems, "layers", layers);
      requirePositive(problems, "channels", channels);
      requirePositive(problems, "heads", heads);
      requirePositive(problems, "context", context);
      requirePositive(problems, "batch", batch);
      if (layers > MAX_LAYERS) {
        problems.add("layers must be at most " + MAX_LAYERS + ", was " + layers);
      }
      if (problems.isEmpty()) {
        requireShapes(problems);
      }
      requireFinite(problems, "maxLearningRate", maxLearningRate, 0.0f);
      requireFinite(problems, "minLearningRate", minLearningRate, 0.0f);
      requireFinite(problems, "weightDecay", weightDecay, 0.0f);
      if (!(epsilon > 0.0f) || Float.isInfinite(epsilon)) {
        problems.add("epsilon must be positive and finite, was " + epsilon);
      }
      if (!(maxGradNorm > 0.0f) || Float.isInfinite(maxGradNorm)) {
        problems.add("maxGradNorm must be positive and finite, was " + maxGradNorm);
      }
      requireBeta(problems, "beta1", beta1);
      requireBeta(problems, "beta2", beta2);
      if (totalSteps < 1 || totalSteps >= MAX_EXACT_INT) {
        problems.add("totalSteps must be in [1, 2^24), was " + totalSteps);
      }
      if (warmupSteps < 0 || warmupSteps > totalSteps) {
        problems.add("warmupSteps must be in [0, totalSteps], was " + warmupSteps);
      }
      return List.copyOf(problems);
    }

    public ModelConfig build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid model config: " + String.join("; ", problems));
      }
      return new ModelConfig(this);
    }

    private void requireShapes(List<String> problems) {
      if (channels % heads != 0) {
        problems.add("channels (" + channels + ") must be a multiple of heads (" + heads + ")");
      }
      long rows = (long) batch * context;
      if (rows >= MAX_EXACT_INT) {
        problems.add("batch × context must be below 2^24, was " + rows);
      }
      long largest =
          Math.max(
              Math.max(rows * 4L * channels, rows * VOCAB),
              Math.max((long) batch * heads * context * context, 4L * channels * channels));
      if (largest > Integer.MAX_VALUE - 8) {
        problems.add("a tensor of this model would exceed 2^31 elements (" + largest + ")");
      }
    }

    private static void requirePositive(List<String> problems, String name, int value) {
      if (value < 1) {
        problems.add(name + " must be at least 1, was " + value);
      }
    }

    private static void requireFinite(List<String> problems, String name, float value, float min) {
      if (!(value >= min) || Float.isInfinite(value)) {
        problems.add(name + " must be finite and at least " + min + ", was " + value);
      }
    }

    private static void requireBeta(List<String> problems, String name, float value) {
      if (!(value >= 0.0f && value < 1.0f)) {
        problems.add(name + " must be in [0, 1), was " + value);
      }
    }
  }
}
