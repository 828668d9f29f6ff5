package org.polyculture.worker.cuda.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.model.NamedConfig;

/** The check's plan for the PyTorch baseline, and its command line. */
class GpuCheckTest {

  @Test
  void shouldWriteThePlanThePytorchBaselineReads(@TempDir Path directory) throws Exception {
    Path plan = directory.resolve("plan.json");
    GpuCheck.main(new String[] {"--plan", plan.toString()});
    JsonNode json = new ObjectMapper().readTree(Files.readString(plan));
    assertThat(json.path("model").path("channels").asInt())
        .isEqualTo(NamedConfig.GPU_BASE.config().channels());
    assertThat(json.path("model").path("batch").asInt()).isEqualTo(32);
    assertThat(json.path("timedSteps").asInt()).isPositive();
    assertThat(json.path("matmuls")).hasSize(MatmulShape.of(NamedConfig.GPU_BASE.config()).size());
    assertThat(json.path("matmuls").get(0).path("name").asText()).isEqualTo("qkv.forward");
    assertThat(json.path("matmuls").get(0).path("m").asInt()).isEqualTo(32 * 256);
  }

  @Test
  void shouldParseTheCommandLine() {
    CheckOptions options =
        CheckOptions.parse(
            new String[] {"--out", "o", "--device", "cpu", "--threads", "3", "--quick"});
    assertThat(options.out()).isEqualTo(Path.of("o"));
    assertThat(options.device()).isEqualTo("cpu");
    assertThat(options.threads()).isEqualTo(3);
    assertThat(options.quick()).isTrue();
  }
}
