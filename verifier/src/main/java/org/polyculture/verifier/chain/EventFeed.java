package org.polyculture.verifier.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads the logs the {@link org.polyculture.chain.index.EventIndexer} stored, in chain order, and
 * decodes the ones a verifier acts on. Only confirmed logs are ever stored, so everything read here
 * is final to the indexer's confirmation depth. Logs are matched by emitting contract and event
 * signature, so no other contract can forge one.
 */
public final class EventFeed {

  /** Logs read per page; more than any block holds of this protocol's events. */
  public static final int PAGE = 10_000;

  private final ProtocolIndex index;
  private final Map<String, BiFunction<LogPosition, Log, ProtocolEvent>> decoders = new HashMap<>();

  public EventFeed(ProtocolIndex index, ChainDeployment deployment) {
    this.index = index;
    on(deployment.ledger(), TrainingLedger.SEGMENTCOMMITTED_EVENT, EventFeed::segmentCommitted);
    on(deployment.disputes(), DisputeManager.DISPUTEOPENED_EVENT, EventFeed::disputeOpened);
    on(deployment.disputes(), DisputeManager.JURYDRAWN_EVENT, EventFeed::juryDrawn);
    on(deployment.disputes(), DisputeManager.DISPUTERESOLVED_EVENT, EventFeed::disputeResolved);
  }

  /**
   * The events after {@code after} (all from the start when empty) among the next page of stored
   * logs, and the position of the last log read (which the caller stores as its cursor).
   */
  public Page next(Optional<LogPosition> after) {
    long fromBlock = after.map(LogPosition::block).orElse(0L);
    List<ProtocolEvent> events = new ArrayList<>();
    Optional<LogPosition> last = after;
    for (Log log : index.logs(fromBlock, PAGE)) {
      LogPosition position =
          new LogPosition(
              log.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact());
      if (after.isPresent() && position.compareTo(after.get()) <= 0) {
        continue;
      }
      last = Optional.of(position);
      if (log.getTopics() == null || log.getTopics().isEmpty()) {
        continue;
      }
      BiFunction<LogPosition, Log, ProtocolEvent> decoder =
          decoders.get(key(log.getAddress(), log.getTopics().get(0)));
      if (decoder != null) {
        events.add(decoder.apply(position, log));
      }
    }
    return new Page(events, last);
  }

  private void on(String contract, Event event, BiFunction<LogPosition, Log, ProtocolEvent> d) {
    decoders.put(key(contract, EventEncoder.encode(event)), d);
  }

  private static String key(String contract, String topic) {
    return (contract + "/" + topic).toLowerCase(Locale.ROOT);
  }

  private static ProtocolEvent segmentCommitted(LogPosition position, Log log) {
    TrainingLedger.SegmentCommittedEventResponse e =
        TrainingLedger.getSegmentCommittedEventFromLog(log);
    return new ProtocolEvent.SegmentCommitted(
        position,
        new SegmentCommit(
            e.jobId,
            e.segment.longValueExact(),
            lower(e.worker),
            Bytes32.wrap(e.startStateHash),
            Bytes32.wrap(e.stepRoot),
            Bytes32.wrap(e.endStateHash),
            position.block()));
  }

  private static ProtocolEvent disputeOpened(LogPosition position, Log log) {
    DisputeManager.DisputeOpenedEventResponse e = DisputeManager.getDisputeOpenedEventFromLog(log);
    return new ProtocolEvent.DisputeOpened(
        position,
        log.getTransactionHash(),
        e.disputeId,
        e.jobId,
        e.segment.longValueExact(),
        DisputeKind.of(e.kind.intValueExact()),
        lower(e.challenger),
        lower(e.worker),
        e.step.longValueExact(),
        Bytes32.wrap(e.committedStateHash),
        Bytes32.wrap(e.challengerStateHash),
        e.drawBlock.longValueExact());
  }

  private static ProtocolEvent juryDrawn(LogPosition position, Log log) {
    DisputeManager.JuryDrawnEventResponse e = DisputeManager.getJuryDrawnEventFromLog(log);
    return new ProtocolEvent.JuryDrawn(
        position,
        e.disputeId,
        e.jurors.stream().map(EventFeed::lower).toList(),
        e.commitDeadline.longValueExact(),
        e.revealDeadline.longValueExact());
  }

  private static ProtocolEvent disputeResolved(LogPosition position, Log log) {
    DisputeManager.DisputeResolvedEventResponse e =
        DisputeManager.getDisputeResolvedEventFromLog(log);
    return new ProtocolEvent.DisputeResolved(
        position,
        e.disputeId,
        DisputeOutcome.of(e.outcome.intValueExact()),
        e.slashed,
        e.toWinner,
        e.toJurors);
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** Decoded events and the position of the last log read. */
  public record Page(List<ProtocolEvent> events, Optional<LogPosition> last) {
    public Page {
      events = List.copyOf(events);
    }
  }
}
