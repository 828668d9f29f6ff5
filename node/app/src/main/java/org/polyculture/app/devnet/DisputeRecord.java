package org.polyculture.app.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One dispute as its events told it: opened, jury drawn, resolved with the settlement's amounts.
 * Mutable while the devnet follows the chain; only {@link CommonsTally} changes it.
 */
public final class DisputeRecord {

  /** DisputeManager's OUTCOME_* values, by index. */
  private static final List<String> OUTCOMES =
      List.of("open", "worker-at-fault", "challenger-at-fault", "undecided", "no-jury");

  private final BigInteger disputeId;
  private final BigInteger jobId;
  private final long segment;
  private final String kind;
  private final String challenger;
  private final String worker;
  private final long step;
  private final List<String> jurors = new ArrayList<>();
  private final List<Penalty> penalties = new ArrayList<>();
  private int outcome;
  private BigInteger slashed = BigInteger.ZERO;
  private BigInteger toWinner = BigInteger.ZERO;
  private BigInteger toJurors = BigInteger.ZERO;
  private BigInteger compensation = BigInteger.ZERO;
  private BigInteger burned = BigInteger.ZERO;

  DisputeRecord(
      BigInteger disputeId,
      BigInteger jobId,
      long segment,
      int kind,
      String challenger,
      String worker,
      long step) {
    this.disputeId = disputeId;
    this.jobId = jobId;
    this.segment = segment;
    this.kind =
        switch (kind) {
          case 0 -> "fraud";
          case 1 -> "availability";
          case 2 -> "step-list";
          default -> "kind-" + kind;
        };
    this.challenger = challenger.toLowerCase(Locale.ROOT);
    this.worker = worker.toLowerCase(Locale.ROOT);
    this.step = step;
  }

  /** A juror penalised for not revealing or voting against the majority. */
  public record Penalty(String juror, BigInteger amount) {}

  void drawn(List<String> seated) {
    jurors.clear();
    seated.forEach(juror -> jurors.add(juror.toLowerCase(Locale.ROOT)));
  }

  void penalised(String juror, BigInteger amount) {
    penalties.add(new Penalty(juror.toLowerCase(Locale.ROOT), amount));
  }

  void resolved(
      int outcome,
      BigInteger slashed,
      BigInteger toWinner,
      BigInteger toJurors,
      BigInteger compensation,
      BigInteger burned) {
    this.outcome = outcome;
    this.slashed = slashed;
    this.toWinner = toWinner;
    this.toJurors = toJurors;
    this.compensation = compensation;
    this.burned = burned;
  }

  public BigInteger disputeId() {
    return disputeId;
  }

  public BigInteger jobId() {
    return jobId;
  }

  public long segment() {
    return segment;
  }

  /** {@code fraud}, {@code availability} or {@code step-list}. */
  public String kind() {
    return kind;
  }

  public String challenger() {
    return challenger;
  }

  public String worker() {
    return worker;
  }

  public long step() {
    return step;
  }

  public List<String> jurors() {
    return List.copyOf(jurors);
  }

  public List<Penalty> penalties() {
    return List.copyOf(penalties);
  }

  public boolean resolved() {
    return outcome != 0;
  }

  /**
   * {@code open}, {@code worker-at-fault}, {@code challenger-at-fault}, {@code undecided} or {@code
   * no-jury}.
   */
  public String outcome() {
    return outcome < OUTCOMES.size() ? OUTCOMES.get(outcome) : "unknown-" + outcome;
  }

  public boolean workerAtFault() {
    return outcome == 1;
  }

  public Optional<BigInteger> slashedAmount() {
    return resolved() ? Optional.of(slashed) : Optional.empty();
  }

  public BigInteger slashed() {
    return slashed;
  }

  /** What the winner received besides its own bond: the finder's share, or the bond's share. */
  public BigInteger toWinner() {
    return toWinner;
  }

  public BigInteger toJurors() {
    return toJurors;
  }

  public BigInteger compensation() {
    return compensation;
  }

  public BigInteger burned() {
    return burned;
  }
}
