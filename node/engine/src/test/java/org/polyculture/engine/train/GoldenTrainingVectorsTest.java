package org.polyculture.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;

/**
 * The golden training vectors: the state hashes of {@code nano} (seed 1) on the fixed text of
 * {@code golden/text/}, at genesis and after each of the first steps, and each step's loss bits.
 *
 * <p>These pin the whole step — model program, every op, initialisation, batch sampling, AdamW,
 * schedule, serialisation and the state hash. <b>Any change to {@code golden/nano-training.txt} is
 * a numerics spec version bump</b> (docs/numerics.md): update the file only together with a new
 * spec version, never to make this test pass. To print the lines this build computes, run with
 * {@code -Dpolyculture.golden.print=PATH}.
 */
class GoldenTrainingVectorsTest {

  static final String RESOURCE = "golden/nano-training.txt";
  static final long SEED = 1;
  static final int STEPS = 3;

  @Test
  void shouldReproduceTheGoldenStateHashesOnTheScalarReference() throws IOException {
    List<String> computed;
    try (ScalarBackend backend = new ScalarBackend()) {
      computed = goldenLines(backend);
    }
    String print = System.getProperty("polyculture.golden.print");
    if (print != null) {
      Files.write(Path.of(print), computed, StandardCharsets.UTF_8);
    }
    assertThat(computed).isEqualTo(expected());
  }

  /** The lines of the golden file as {@code backend} computes them. */
  static List<String> goldenLines(Backend backend) {
    ModelConfig config = NamedConfig.NANO.config();
    StateHasher hasher = StateHasher.singleThreaded();
    BatchSampler sampler =
        new BatchSampler(GoldenText.stream(), SEED, config.batch(), config.context());
    TrainingState state = Genesis.state(config, SEED, GoldenText.root());
    List<String> lines = new ArrayList<>();
    lines.add("spec " + config.specHash().toHexString());
    lines.add("genesis " + hasher.hash(state).toHexString());
    StepExecutor executor = new StepExecutor(backend, config);
    for (int t = 0; t < STEPS; t++) {
      StepOutcome outcome = executor.step(state, sampler.sample(t));
      state = outcome.state();
      lines.add(
          String.format(
              "step %d loss %08x state %s",
              t, Float.floatToIntBits(outcome.loss()), hasher.hash(state).toHexString()));
    }
    return lines;
  }

  static List<String> expected() throws IOException {
    try (InputStream in =
        GoldenTrainingVectorsTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .toList();
    }
  }
}
