package org.polyculture.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

class DisputeStaggerTest {

  @Test
  void shouldWaitTheSameNumberOfBlocksForTheSameVerifierAndSegment() {
    String address = address(1);

    assertThat(DisputeStagger.rank(address, BigInteger.TWO, 7))
        .isEqualTo(
            DisputeStagger.rank(address.toUpperCase().replace("0X", "0x"), BigInteger.TWO, 7));
  }

  @Test
  void shouldSpreadVerifiersOverEveryWaitWithinTheBound() {
    Set<Integer> waits = new HashSet<>();
    for (int i = 1; i <= 64; i++) {
      int wait = DisputeStagger.rank(address(i), BigInteger.ONE, 0);
      assertThat(wait).isBetween(0, DisputeStagger.MAX_RANK);
      waits.add(wait);
    }
    assertThat(waits).hasSize(DisputeStagger.MAX_RANK + 1);
  }

  @Test
  void shouldDrawAnotherOrderOfVerifiersForAnotherSegment() {
    int differing = 0;
    for (int i = 1; i <= 32; i++) {
      if (DisputeStagger.rank(address(i), BigInteger.ONE, 0)
          != DisputeStagger.rank(address(i), BigInteger.ONE, 1)) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(8);
  }

  private static String address(int seed) {
    return Credentials.create(ECKeyPair.create(BigInteger.valueOf(1_000 + seed))).getAddress();
  }
}
