package org.polyculture.app.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.app.Wiring;
import org.polyculture.app.economics.EconomicsReport;
import org.polyculture.protocol.economics.EconomicParameters;
import org.polyculture.protocol.economics.PickSharing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code polyculture econ}: the cheating calculus of docs/economics.md for given parameters, in
 * closed form and by Monte Carlo over the protocol's audit sampling.
 */
@Command(
    name = "econ",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, for each cheating strategy a worker can follow, the probability that audits catch"
          + " it, its expected profit per segment (closed form and Monte Carlo over the"
          + " protocol's audit sampling) and whether that is negative. Amounts are in POLY."
          + " Defaults: docs/economics.md."
    })
public final class EconCommand implements Callable<Integer> {

  private static final int MAX_TRIALS = 10_000_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--stake",
      paramLabel = "POLY",
      defaultValue = "10000",
      description = "Worker stake (default: ${DEFAULT-VALUE}).")
  double stake;

  @Option(
      names = "--reward",
      paramLabel = "POLY",
      defaultValue = "10",
      description = "Reward per segment (default: ${DEFAULT-VALUE}).")
  double reward;

  @Option(
      names = "--segment-cost",
      paramLabel = "POLY",
      defaultValue = "5",
      description = "Cost of computing a segment honestly (default: ${DEFAULT-VALUE}).")
  double segmentCost;

  @Option(
      names = "--serving-cost",
      paramLabel = "POLY",
      defaultValue = "0.1",
      description = "Cost of storing and serving a segment's states (default: ${DEFAULT-VALUE}).")
  double servingCost;

  @Option(
      names = "--tamper-value",
      paramLabel = "POLY",
      defaultValue = "10",
      description =
          "What an unnoticed tampered step is worth to its author (default: ${DEFAULT-VALUE}).")
  double tamperValue;

  @Option(
      names = {"--segment-length", "-S"},
      paramLabel = "S",
      defaultValue = "100",
      description = "Steps per segment (default: ${DEFAULT-VALUE}).")
  int segmentLength;

  @Option(
      names = {"--audits", "-k"},
      paramLabel = "K",
      defaultValue = "4",
      description = "Steps each verifier recomputes per segment (default: ${DEFAULT-VALUE}).")
  int audits;

  @Option(
      names = {"--verifiers", "-n"},
      paramLabel = "N",
      defaultValue = "3",
      description = "Verifiers auditing (default: ${DEFAULT-VALUE}).")
  int verifiers;

  @Option(
      names = "--uptime",
      paramLabel = "Q",
      defaultValue = "0.9",
      description =
          "Probability that a verifier audits a given segment (default: ${DEFAULT-VALUE}).")
  double uptime;

  @Option(
      names = "--picks",
      paramLabel = "SHARED|PRIVATE",
      defaultValue = "SHARED",
      description =
          "Verifiers audit the public picks or picks of their own (default: ${DEFAULT-VALUE}).")
  PickSharing picks;

  @Option(
      names = "--bond",
      paramLabel = "POLY",
      defaultValue = "1000",
      description = "Dispute bond (default: ${DEFAULT-VALUE}).")
  double bond;

  @Option(
      names = "--finder-share-bps",
      paramLabel = "BPS",
      defaultValue = "1000",
      description = "Challenger's share of a slash, in basis points (default: ${DEFAULT-VALUE}).")
  int finderShareBps;

  @Option(
      names = "--slash-bps",
      paramLabel = "BPS",
      defaultValue = "10000",
      description =
          "Share of the stake a conviction slashes, in basis points (default: ${DEFAULT-VALUE}).")
  int slashBps;

  @Option(
      names = "--jury-size",
      paramLabel = "J",
      defaultValue = "5",
      description = "Jurors per dispute (default: ${DEFAULT-VALUE}).")
  int jurySize;

  @Option(
      names = "--dishonest-jurors",
      paramLabel = "F",
      defaultValue = "0.2",
      description =
          "Share of the juror pool that sides with the cheater (default: ${DEFAULT-VALUE}).")
  double dishonestJurors;

  @Option(
      names = "--concurrent-segments",
      paramLabel = "C",
      defaultValue = "1",
      description = "Segments cheated at once against one stake (default: ${DEFAULT-VALUE}).")
  int concurrentSegments;

  @Option(
      names = "--trials",
      paramLabel = "T",
      defaultValue = "20000",
      description = "Monte Carlo trials per strategy (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the Monte Carlo draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    if (trials < 2 || trials > MAX_TRIALS) {
      throw Wiring.usage("--trials must be in [2, " + MAX_TRIALS + "], was " + trials);
    }
    if (seed < 0) {
      throw Wiring.usage("--seed must not be negative, was " + seed);
    }
    EconomicParameters parameters = parameters();
    EconomicsReport report =
        EconomicsReport.compute(parameters, trials, Bytes32.leftPad(Bytes.ofUnsignedLong(seed)));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      report.printJson(out);
    } else {
      report.printTable(out);
    }
    return 0;
  }

  /** The parameters the options name (a test holds their defaults to the documented ones). */
  public EconomicParameters parameters() {
    try {
      return EconomicParameters.builder()
          .stake(stake)
          .reward(reward)
          .segmentCost(segmentCost)
          .servingCost(servingCost)
          .tamperValue(tamperValue)
          .segmentLength(segmentLength)
          .audits(audits)
          .verifiers(verifiers)
          .verifierUptime(uptime)
          .picks(picks)
          .bond(bond)
          .finderShareBps(finderShareBps)
          .workerSlashBps(slashBps)
          .jurySize(jurySize)
          .dishonestJurorShare(dishonestJurors)
          .concurrentSegments(concurrentSegments)
          .build();
    } catch (IllegalArgumentException e) {
      throw Wiring.usage(e.getMessage());
    }
  }
}
