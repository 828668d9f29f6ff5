package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

class JobSpecCodecTest {

  @Test
  void shouldDecodeTheCallsItEncodes() {
    JobTerms terms = ProposalFixtures.prepared().terms();
    assertThat(JobSpecCodec.decodeCreateJob(JobSpecCodec.createJob(terms))).contains(terms);
    assertThat(terms.datasetLocations()).containsExactly("https://data.example/bards");
    String spender = "0x" + "05".repeat(20);
    assertThat(JobSpecCodec.decodeApprove(JobSpecCodec.approve(spender, BigInteger.TEN)))
        .contains(new JobSpecCodec.Approval(spender, BigInteger.TEN));
  }

  @Test
  void shouldKeepAllSixtyFourBitsOfTheSeed() {
    JobTerms terms = ProposalFixtures.prepared().terms();
    JobTerms highSeed =
        new JobTerms(
            terms.modelSpec(),
            -2L,
            terms.datasetRoot(),
            terms.datasetManifestHash(),
            terms.datasetLocations(),
            terms.genesisStateHash(),
            terms.totalSteps(),
            terms.segmentLength(),
            terms.rewardPerSegment(),
            terms.minWorkerStake(),
            terms.challengeWindowSeconds(),
            terms.leaseSeconds());
    assertThat(JobSpecCodec.decodeCreateJob(JobSpecCodec.createJob(highSeed)).map(JobTerms::seed))
        .contains(-2L);
  }

  @Test
  void shouldNotDecodeOtherCalldata() {
    Bytes createJob = JobSpecCodec.createJob(ProposalFixtures.prepared().terms());
    Bytes approve = JobSpecCodec.approve("0x" + "05".repeat(20), BigInteger.TEN);
    assertThat(JobSpecCodec.decodeCreateJob(approve)).isEmpty();
    assertThat(JobSpecCodec.decodeApprove(createJob)).isEmpty();
    assertThat(JobSpecCodec.decodeCreateJob(createJob.slice(0, createJob.size() - 1))).isEmpty();
    assertThat(JobSpecCodec.decodeCreateJob(createJob.slice(0, 4))).isEmpty();
    assertThat(JobSpecCodec.decodeCreateJob(Bytes.EMPTY)).isEmpty();
    // A uint32 field (the segment length, the spec's fifth word) holding more than 32 bits.
    Bytes overflowing =
        Bytes.concatenate(
            createJob.slice(0, 4 + 4 * 32),
            Bytes.repeat((byte) 0xff, 32),
            createJob.slice(4 + 5 * 32));
    assertThat(JobSpecCodec.decodeCreateJob(overflowing)).isEmpty();
    // A model spec that does not hash to the spec's model spec hash (the first word).
    Bytes otherHash =
        Bytes.concatenate(createJob.slice(0, 4), Bytes.repeat((byte) 1, 32), createJob.slice(36));
    assertThat(JobSpecCodec.decodeCreateJob(otherHash)).isEmpty();
    Bytes dirtyAddress = Bytes.concatenate(approve.slice(0, 4), Bytes.of(1), approve.slice(5));
    assertThat(JobSpecCodec.decodeApprove(dirtyAddress)).isEmpty();
  }
}
