package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The build runs the cpu backend's property tests again with the JVM's vectors capped at 128 and 64
 * bits (node/engine/pom.xml); this checks that each run really got the vector length it names.
 */
class VectorLengthTest {

  @Test
  void shouldUseTheVectorLengthThatThisRunWasConfiguredFor() {
    int expected =
        Integer.getInteger(
            "polyculture.expectedVectorLength", FloatVector.SPECIES_PREFERRED.length());

    assertThat(VectorKernels.LENGTH).isEqualTo(expected);
    assertThat(VectorMatmul.COLUMNS).isEqualTo(2 * expected);
  }
}
