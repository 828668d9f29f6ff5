package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;

/**
 * Gas is deterministic for a given compiler, settings and state, so the protocol's gas targets are
 * checked here as well as reported by scripts/bench: a commit at most 80,000 gas (800 per step at a
 * segment length of 100) and a whole dispute with a jury of five at most 1,500,000.
 */
@ExtendWith(GanacheExtension.class)
class GasTargetsTest {

  @Test
  void shouldCommitAndDisputeWithinTheGasTargets(LocalChain chain) throws Exception {
    Map<String, Long> gas = GasScenario.run(chain);

    assertThat(gas.get("commit")).isLessThanOrEqualTo(80_000L);
    assertThat(gas.get("commit (next segment)")).isLessThanOrEqualTo(80_000L);
    assertThat(gas.get("dispute: whole")).isLessThanOrEqualTo(1_500_000L);
  }
}
