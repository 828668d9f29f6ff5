package org.polyculture.worker.cuda.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.worker.cuda.ForwardingBackend;
import org.polyculture.worker.cuda.HostResidentBackend;

/**
 * The device check's training comparison: it covers the steps it says it covers, both ways (the CPU
 * chain and the verifier's way from device states), and on a device that computes one op wrongly it
 * names the step, the op and the element.
 */
class TrainingCheckTest {

  private static final ModelConfig TINY =
      ModelConfig.builder()
          .layers(1)
          .channels(16)
          .heads(2)
          .context(12)
          .batch(2)
          .warmupSteps(1)
          .totalSteps(20)
          .build();
  private static final TokenStream STREAM = SyntheticCorpus.stream(1, 20_000);
  private static final Bytes32 ROOT = SyntheticCorpus.root(1, 20_000);
  private static final CpuReference CPU = new CpuReference(2);

  @AfterAll
  static void shutDown() {
    CPU.close();
  }

  @Test
  void shouldCompareEveryStepByTheChainOrFromTheDevicesStates() {
    TrainingCheck.Plan plan = new TrainingCheck.Plan("tiny", TINY, 6, 2, 3, 60);
    TrainingCheck.Result result =
        TrainingCheck.run(
            plan, () -> new HostResidentBackend(new ScalarBackend()), CPU, STREAM, 5, ROOT);
    assertThat(result.passed()).isTrue();
    assertThat(result.chained()).isEqualTo(3);
    assertThat(result.checkedFromDeviceStates()).containsExactly(4);
    assertThat(result.unchecked()).isEqualTo(2);
    assertThat(result.deviceHashes()).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void shouldNameTheOpWhereAWrongDeviceFirstDiverges() {
    TrainingCheck.Plan plan = new TrainingCheck.Plan("tiny", TINY, 3, 1, 3, 60);
    TrainingCheck.Result result =
        TrainingCheck.run(
            plan,
            () -> new HostResidentBackend(new OneUlpOff(new ScalarBackend(), "L0.fcgelu")),
            CPU,
            STREAM,
            5,
            ROOT);
    assertThat(result.passed()).isFalse();
    assertThat(result.mismatch())
        .hasValueSatisfying(
            m -> {
              // A one-ulp error may round away in the first update; it cannot stay hidden long.
              assertThat(m.step()).isBetween(0L, 2L);
              assertThat(m.located()).contains("L0.fcgelu").contains("L0.fcgelu[0]");
            });
  }

  @Test
  void shouldAuditADeviceRunTheVerifiersWay() {
    TrainingCheck.Result trained =
        TrainingCheck.run(
            new TrainingCheck.Plan("tiny", TINY, 5, 1, 5, 60),
            () -> new HostResidentBackend(new ScalarBackend()),
            CPU,
            STREAM,
            5,
            ROOT);
    VerifierCheck.Result audit =
        VerifierCheck.run(
            trained, 3, () -> new HostResidentBackend(new ScalarBackend()), CPU, STREAM, 5, ROOT);
    assertThat(audit.passed()).isTrue();
    assertThat(audit.audits()).hasSize(3);
    assertThat(audit.replayReproduced()).isTrue();
  }

  /** A backend that gets one op's first output element wrong by one unit in the last place. */
  private static final class OneUlpOff extends ForwardingBackend {
    private final String opName;

    OneUlpOff(Backend backend, String opName) {
      super(backend);
      this.opName = opName;
    }

    @Override
    public void execute(Op op, StepScalars scalars) {
      super.execute(op, scalars);
      if (op.name().equals(opName)) {
        TensorSpec out = op.outputs().get(0);
        float[] values = new float[out.size()];
        read(out, values);
        values[0] = Math.nextUp(values[0]);
        write(out, values);
      }
    }
  }
}
