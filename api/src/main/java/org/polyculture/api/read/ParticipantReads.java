package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.index.ActivityIndex;
import org.polyculture.api.index.HistoryEntry;
import org.polyculture.api.index.ParticipantActivity;
import org.polyculture.api.index.SlashRecord;
import org.polyculture.chain.index.IndexedParticipant;
import org.polyculture.chain.index.ProtocolIndex;

/** Workers and verifiers: stake, record, history, disputes; and slashes. */
public final class ParticipantReads {

  /** At most this many participants are read to fill one filtered page or the stake totals. */
  static final int MAX_SCAN = 10_000;

  private final ProtocolIndex protocol;
  private final ActivityIndex activity;
  private final JobReads jobs;

  public ParticipantReads(ActivityIndex activity, JobReads jobs) {
    this.protocol = activity.protocol();
    this.activity = activity;
    this.jobs = jobs;
  }

  /** Up to {@code limit} participants with {@code role} (or any), most bonded stake first. */
  public List<NetworkViews.Participant> list(Optional<String> role, int limit) {
    List<NetworkViews.Participant> items = new ArrayList<>();
    for (ParticipantActivity participant : activity.participantsByStake(MAX_SCAN)) {
      Optional<IndexedParticipant> registered = protocol.participant(participant.address());
      if (registered.isEmpty() || !hasRole(registered.get(), role)) {
        continue;
      }
      items.add(view(participant, registered));
      if (items.size() == limit) {
        break;
      }
    }
    return items;
  }

  public NetworkViews.ParticipantDetail detail(String address, int historyLimit) {
    NetworkViews.Participant participant = view(address);
    return new NetworkViews.ParticipantDetail(
        participant,
        history(address, Optional.empty(), historyLimit),
        activity.disputesOf(address, 50).stream()
            .flatMap(id -> jobs.dispute(id).stream())
            .toList());
  }

  public Page<HistoryEntry> history(String address, Optional<Long> before, int limit) {
    ParticipantActivity participant =
        activity.participant(address).orElseThrow(() -> unknown(address));
    long start = before.orElse(participant.historyCount());
    List<HistoryEntry> entries = activity.history(address, start, limit);
    long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
    return new Page<>(
        entries,
        entries.size() == limit && last > 0 ? Optional.of(Long.toString(last)) : Optional.empty());
  }

  public Page<SlashRecord> slashes(Optional<Long> before, int limit) {
    long start = before.orElse(activity.slashCount());
    List<SlashRecord> slashes = activity.slashes(start, limit);
    long last = slashes.isEmpty() ? 0 : slashes.get(slashes.size() - 1).sequence();
    return new Page<>(
        slashes,
        slashes.size() == limit && last > 0 ? Optional.of(Long.toString(last)) : Optional.empty());
  }

  /** Bonded stake of registered workers and verifiers (over at most {@link #MAX_SCAN}). */
  public NetworkViews.Stake stake() {
    BigInteger workers = BigInteger.ZERO;
    BigInteger verifiers = BigInteger.ZERO;
    long workerCount = 0;
    long verifierCount = 0;
    for (ParticipantActivity participant : activity.participantsByStake(MAX_SCAN)) {
      Optional<IndexedParticipant> registered = protocol.participant(participant.address());
      if (registered.isEmpty()) {
        continue;
      }
      if (registered.get().isWorker()) {
        workers = workers.add(participant.bonded());
        workerCount++;
      }
      if (registered.get().isVerifier()) {
        verifiers = verifiers.add(participant.bonded());
        verifierCount++;
      }
    }
    return new NetworkViews.Stake(workers, verifiers, workerCount, verifierCount);
  }

  NetworkViews.Participant view(String address) {
    Optional<IndexedParticipant> registered = protocol.participant(address);
    Optional<ParticipantActivity> participant = activity.participant(address);
    if (registered.isEmpty() && participant.isEmpty()) {
      throw unknown(address);
    }
    return view(
        participant.orElse(
            new ParticipantActivity(
                address,
                BigInteger.ZERO,
                BigInteger.ZERO,
                0,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0)),
        registered);
  }

  private static NetworkViews.Participant view(
      ParticipantActivity p, Optional<IndexedParticipant> registered) {
    List<String> roles = new ArrayList<>();
    registered.ifPresent(
        r -> {
          if (r.isWorker()) {
            roles.add("worker");
          }
          if (r.isVerifier()) {
            roles.add("verifier");
          }
        });
    return new NetworkViews.Participant(
        p.address(),
        roles,
        registered.map(IndexedParticipant::endpoint).orElse(""),
        registered.map(IndexedParticipant::hardware).orElse(""),
        p.bonded(),
        p.unbonding(),
        p.unbondingReleaseAt(),
        p.slashed(),
        p.stakeRewards(),
        p.segmentRewards(),
        p.compensation(),
        p.claims(),
        p.commits(),
        p.rewardedSegments(),
        p.fraudSegments(),
        p.disputesOpened(),
        p.disputesAgainst(),
        p.jurySeats(),
        p.penalties(),
        p.firstBlock(),
        p.lastBlock());
  }

  private static boolean hasRole(IndexedParticipant participant, Optional<String> role) {
    return role.isEmpty()
        || (role.get().equals("worker") && participant.isWorker())
        || (role.get().equals("verifier") && participant.isVerifier());
  }

  private static ApiException unknown(String address) {
    return ApiException.notFound("no worker or verifier " + address);
  }
}
