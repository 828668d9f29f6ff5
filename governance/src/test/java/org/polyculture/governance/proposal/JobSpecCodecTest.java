package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

class JobSpecCodecTest {

  @Test
  void shouldDecodeTheCallsItEncodes() {
    JobTerms terms = ProposalFixtures.prepared().terms();
    JobSpecCodec.CreateJobCall call =
        JobSpecCodec.decodeCreateJob(JobSpecCodec.createJob(terms)).orElseThrow();
    assertThat(call.modelSpecHash()).isEqualTo(terms.modelSpecHash());
    assertThat(call.datasetRoot()).isEqualTo(terms.datasetRoot());
    assertThat(call.genesisStateHash()).isEqualTo(terms.genesisStateHash());
    assertThat(call.totalSteps()).isEqualTo(200);
    assertThat(call.segmentLength()).isEqualTo(100);
    assertThat(call.rewardPerSegment()).isEqualTo(terms.rewardPerSegment());
    assertThat(call.minWorkerStake()).isEqualTo(terms.minWorkerStake());
    assertThat(call.challengeWindowSeconds()).isEqualTo(3_600);
    assertThat(call.leaseSeconds()).isEqualTo(600);
    assertThat(call.budget()).isEqualTo(terms.budget());
    String spender = "0x" + "05".repeat(20);
    assertThat(JobSpecCodec.decodeApprove(JobSpecCodec.approve(spender, BigInteger.TEN)))
        .contains(new JobSpecCodec.Approval(spender, BigInteger.TEN));
  }

  @Test
  void shouldNotDecodeOtherCalldata() {
    Bytes createJob = JobSpecCodec.createJob(ProposalFixtures.prepared().terms());
    Bytes approve = JobSpecCodec.approve("0x" + "05".repeat(20), BigInteger.TEN);
    assertThat(JobSpecCodec.decodeCreateJob(approve)).isEmpty();
    assertThat(JobSpecCodec.decodeApprove(createJob)).isEmpty();
    assertThat(JobSpecCodec.decodeCreateJob(createJob.slice(0, createJob.size() - 1))).isEmpty();
    assertThat(JobSpecCodec.decodeCreateJob(Bytes.EMPTY)).isEmpty();
    // A uint32 field holding more than 32 bits is not a valid encoding.
    Bytes overflowing =
        Bytes.concatenate(
            createJob.slice(0, 4 + 4 * 32),
            Bytes.repeat((byte) 0xff, 32),
            createJob.slice(4 + 5 * 32));
    assertThat(JobSpecCodec.decodeCreateJob(overflowing)).isEmpty();
    Bytes dirtyAddress = Bytes.concatenate(approve.slice(0, 4), Bytes.of(1), approve.slice(5));
    assertThat(JobSpecCodec.decodeApprove(dirtyAddress)).isEmpty();
  }
}
