package org.polyculture.engine.train;

import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.TransformerProgram;
import org.polyculture.engine.numerics.CanonicalMath;
import org.polyculture.engine.numerics.Philox;
import org.polyculture.engine.numerics.RandomPurpose;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;

/**
 * Generates text from a model's parameters, one byte at a time, with the generation program (a
 * single sequence of the model's context). Sampling draws from Philox with purpose {@code SAMPLE},
 * so a given seed always yields the same text; it is not part of any commitment.
 */
public final class TextGenerator {

  private final Backend backend;
  private final ModelConfig config;
  private final TransformerProgram program;

  /** Allocates the generation program's tensors on {@code backend}, which the caller owns. */
  public TextGenerator(Backend backend, ModelConfig config) {
    this.backend = backend;
    this.config = config;
    this.program = TransformerProgram.generation(config);
    backend.allocate(program.tensors());
  }

  /** Writes the parameters to use. */
  public void load(ModelTensors parameters) {
    for (int i = 0; i < parameters.count(); i++) {
      backend.write(program.parameters().get(i), parameters.toArray(i));
    }
  }

  /**
   * {@code length} bytes following {@code prompt} (a newline if the prompt is empty).
   *
   * @param temperature divides the logits; {@code 0} picks the most likely byte every time
   */
  public byte[] generate(byte[] prompt, int length, float temperature, long seed) {
    if (!(temperature >= 0.0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0: " + temperature);
    }
    byte[] start = prompt.length == 0 ? new byte[] {'\n'} : prompt;
    byte[] text = new byte[start.length + length];
    System.arraycopy(start, 0, text, 0, start.length);
    int context = config.context();
    int vocab = config.vocab();
    float[] logits = new float[context * vocab];
    for (int position = 0; position < length; position++) {
      int end = start.length + position;
      int used = Math.min(context, end);
      int[] tokens = new int[context];
      for (int i = 0; i < used; i++) {
        tokens[i] = text[end - used + i] & 0xFF;
      }
      backend.writeInts(program.tokens(), tokens);
      StepScalars scalars = StepScalars.forwardOnly(0);
      for (Op op : program.ops()) {
        backend.execute(op, scalars);
      }
      backend.read(program.logits(), logits);
      int next = pick(logits, (used - 1) * vocab, vocab, temperature, seed, position);
      text[end] = (byte) next;
    }
    byte[] generated = new byte[length];
    System.arraycopy(text, start.length, generated, 0, length);
    return generated;
  }

  private static int pick(
      float[] logits, int offset, int vocab, float temperature, long seed, int position) {
    int best = 0;
    for (int v = 1; v < vocab; v++) {
      if (logits[offset + v] > logits[offset + best]) {
        best = v;
      }
    }
    if (temperature == 0.0f) {
      return best;
    }
    float max = logits[offset + best];
    float[] weights = new float[vocab];
    float total = 0.0f;
    for (int v = 0; v < vocab; v++) {
      weights[v] = CanonicalMath.exp((logits[offset + v] - max) / temperature);
      total += weights[v];
    }
    Philox.Block block = Philox.block(seed, position, RandomPurpose.SAMPLE, 0);
    float target = Philox.uniform24(block.w0()) * total;
    float cumulative = 0.0f;
    for (int v = 0; v < vocab; v++) {
      cumulative += weights[v];
      if (target < cumulative) {
        return v;
      }
    }
    return best;
  }
}
