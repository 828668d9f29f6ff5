package org.polyculture.app.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.methods.response.Log;

/**
 * What has happened in the commons, counted from the protocol's events in chain order: segments
 * claimed, committed, finalized, rewarded and voided; disputes and their settlements; slashes.
 * Events are applied once each, in order; the devnet's monitor and scenario summary read it.
 */
public final class CommonsTally {

  private static final String SEGMENT_CLAIMED = topic(TrainingLedger.SEGMENTCLAIMED_EVENT);
  private static final String SEGMENT_COMMITTED = topic(TrainingLedger.SEGMENTCOMMITTED_EVENT);
  private static final String SEGMENT_FINALIZED = topic(TrainingLedger.SEGMENTFINALIZED_EVENT);
  private static final String REWARD_PAID = topic(TrainingLedger.REWARDPAID_EVENT);
  private static final String SEGMENTS_VOIDED = topic(TrainingLedger.SEGMENTSVOIDED_EVENT);
  private static final String COMPENSATION_PAID = topic(TrainingLedger.COMPENSATIONPAID_EVENT);
  private static final String JOB_CREATED = topic(TrainingLedger.JOBCREATED_EVENT);
  private static final String DISPUTE_OPENED = topic(DisputeManager.DISPUTEOPENED_EVENT);
  private static final String JURY_DRAWN = topic(DisputeManager.JURYDRAWN_EVENT);
  private static final String JUROR_PENALIZED = topic(DisputeManager.JURORPENALIZED_EVENT);
  private static final String DISPUTE_RESOLVED = topic(DisputeManager.DISPUTERESOLVED_EVENT);
  private static final String SLASHED = topic(Staking.SLASHED_EVENT);
  private static final String PARTICIPANT_REGISTERED = topic(Staking.PARTICIPANTREGISTERED_EVENT);

  private final String ledger;
  private final String disputes;
  private final String staking;

  private final List<BigInteger> jobs = new ArrayList<>();
  private final Map<String, BigInteger> rewards = new LinkedHashMap<>();
  private final Map<String, BigInteger> compensations = new LinkedHashMap<>();
  private final Map<BigInteger, DisputeRecord> disputeRecords = new LinkedHashMap<>();
  private final List<Slash> slashes = new ArrayList<>();
  private final List<String> participants = new ArrayList<>();
  private final Map<String, Long> commitsByWorker = new LinkedHashMap<>();
  private long claimed;
  private long committed;
  private long finalized;
  private long rewarded;
  private long voided;
  private OptionalLong firstFinalizedBlock = OptionalLong.empty();

  public CommonsTally(ChainDeployment deployment) {
    this.ledger = deployment.ledger();
    this.disputes = deployment.disputes();
    this.staking = deployment.staking();
  }

  /**
   * A slash by the staking contract: of {@code account}, {@code amount}, paid to {@code recipient}.
   */
  public record Slash(String account, BigInteger amount, String recipient, long block) {}

  /** Applies one log (of any contract; logs of other contracts are ignored). */
  public synchronized void apply(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty() || log.isRemoved()) {
      return;
    }
    String address = log.getAddress().toLowerCase(Locale.ROOT);
    String topic = log.getTopics().get(0).toLowerCase(Locale.ROOT);
    if (address.equals(ledger)) {
      ledgerEvent(topic, log);
    } else if (address.equals(disputes)) {
      disputeEvent(topic, log);
    } else if (address.equals(staking)) {
      stakingEvent(topic, log);
    }
  }

  private void ledgerEvent(String topic, Log log) {
    if (topic.equals(JOB_CREATED)) {
      jobs.add(TrainingLedger.getJobCreatedEventFromLog(log).jobId);
    } else if (topic.equals(SEGMENT_CLAIMED)) {
      claimed++;
    } else if (topic.equals(SEGMENT_COMMITTED)) {
      committed++;
      String worker =
          TrainingLedger.getSegmentCommittedEventFromLog(log).worker.toLowerCase(Locale.ROOT);
      commitsByWorker.merge(worker, 1L, Long::sum);
    } else if (topic.equals(SEGMENT_FINALIZED)) {
      finalized++;
      if (firstFinalizedBlock.isEmpty()) {
        firstFinalizedBlock = OptionalLong.of(log.getBlockNumber().longValueExact());
      }
    } else if (topic.equals(REWARD_PAID)) {
      TrainingLedger.RewardPaidEventResponse paid = TrainingLedger.getRewardPaidEventFromLog(log);
      rewarded++;
      rewards.merge(paid.worker.toLowerCase(Locale.ROOT), paid.amount, BigInteger::add);
    } else if (topic.equals(SEGMENTS_VOIDED)) {
      TrainingLedger.SegmentsVoidedEventResponse range =
          TrainingLedger.getSegmentsVoidedEventFromLog(log);
      voided += range.toSegment.subtract(range.fromSegment).longValueExact();
    } else if (topic.equals(COMPENSATION_PAID)) {
      TrainingLedger.CompensationPaidEventResponse paid =
          TrainingLedger.getCompensationPaidEventFromLog(log);
      compensations.merge(paid.worker.toLowerCase(Locale.ROOT), paid.amount, BigInteger::add);
    }
  }

  private void disputeEvent(String topic, Log log) {
    if (topic.equals(DISPUTE_OPENED)) {
      DisputeManager.DisputeOpenedEventResponse opened =
          DisputeManager.getDisputeOpenedEventFromLog(log);
      disputeRecords.put(
          opened.disputeId,
          new DisputeRecord(
              opened.disputeId,
              opened.jobId,
              opened.segment.longValueExact(),
              opened.kind.intValueExact(),
              opened.challenger,
              opened.worker,
              opened.step.longValueExact()));
    } else if (topic.equals(JURY_DRAWN)) {
      DisputeManager.JuryDrawnEventResponse drawn = DisputeManager.getJuryDrawnEventFromLog(log);
      Optional.ofNullable(disputeRecords.get(drawn.disputeId))
          .ifPresent(record -> record.drawn(drawn.jurors));
    } else if (topic.equals(JUROR_PENALIZED)) {
      DisputeManager.JurorPenalizedEventResponse penalized =
          DisputeManager.getJurorPenalizedEventFromLog(log);
      Optional.ofNullable(disputeRecords.get(penalized.disputeId))
          .ifPresent(record -> record.penalised(penalized.juror, penalized.amount));
    } else if (topic.equals(DISPUTE_RESOLVED)) {
      DisputeManager.DisputeResolvedEventResponse resolved =
          DisputeManager.getDisputeResolvedEventFromLog(log);
      Optional.ofNullable(disputeRecords.get(resolved.disputeId))
          .ifPresent(
              record ->
                  record.resolved(
                      resolved.outcome.intValueExact(),
                      resolved.slashed,
                      resolved.toWinner,
                      resolved.toJurors,
                      resolved.compensation,
                      resolved.burned));
    }
  }

  private void stakingEvent(String topic, Log log) {
    if (topic.equals(SLASHED)) {
      Staking.SlashedEventResponse slashed = Staking.getSlashedEventFromLog(log);
      slashes.add(
          new Slash(
              slashed.account.toLowerCase(Locale.ROOT),
              slashed.amount,
              slashed.recipient.toLowerCase(Locale.ROOT),
              log.getBlockNumber().longValueExact()));
    } else if (topic.equals(PARTICIPANT_REGISTERED)) {
      String account = new Address(log.getTopics().get(1)).getValue().toLowerCase(Locale.ROOT);
      if (!participants.contains(account)) {
        participants.add(account);
      }
    }
  }

  public synchronized List<BigInteger> jobs() {
    return List.copyOf(jobs);
  }

  public synchronized long claimed() {
    return claimed;
  }

  public synchronized long committed() {
    return committed;
  }

  public synchronized long finalized() {
    return finalized;
  }

  public synchronized long rewarded() {
    return rewarded;
  }

  public synchronized long voided() {
    return voided;
  }

  public synchronized OptionalLong firstFinalizedBlock() {
    return firstFinalizedBlock;
  }

  public synchronized List<DisputeRecord> disputes() {
    return List.copyOf(disputeRecords.values());
  }

  public synchronized long openDisputes() {
    return disputeRecords.values().stream().filter(d -> !d.resolved()).count();
  }

  /**
   * Whether an open dispute is moot: a resolved dispute already proved the worker of the same or an
   * earlier segment of its job at fault, which voided the commitment it disputes. Duplicates (every
   * verifier that finds a fraud opens its own dispute) end up here; nothing they decide can change
   * the job any more.
   */
  public synchronized boolean isMoot(DisputeRecord dispute) {
    return !dispute.resolved()
        && disputeRecords.values().stream()
            .anyMatch(
                other ->
                    other.resolved()
                        && other.workerAtFault()
                        && other.jobId().equals(dispute.jobId())
                        && other.segment() <= dispute.segment());
  }

  /** Open disputes that can still change something (not {@link #isMoot moot}). */
  public synchronized long liveDisputes() {
    return disputeRecords.values().stream().filter(d -> !d.resolved() && !isMoot(d)).count();
  }

  public synchronized List<Slash> slashes() {
    return List.copyOf(slashes);
  }

  /** Rewards paid, by worker address. */
  public synchronized Map<String, BigInteger> rewards() {
    return Map.copyOf(rewards);
  }

  /** Compensation paid for voided segments, by worker address. */
  public synchronized Map<String, BigInteger> compensations() {
    return Map.copyOf(compensations);
  }

  /** Segments committed by {@code worker} (voided ones included). */
  public synchronized long commitsBy(String worker) {
    return commitsByWorker.getOrDefault(worker.toLowerCase(Locale.ROOT), 0L);
  }

  /** Every registered participant's address, in registration order. */
  public synchronized List<String> participants() {
    return List.copyOf(participants);
  }

  private static String topic(org.web3j.abi.datatypes.Event event) {
    return EventEncoder.encode(event).toLowerCase(Locale.ROOT);
  }
}
