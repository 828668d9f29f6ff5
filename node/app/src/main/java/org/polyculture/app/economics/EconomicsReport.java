package org.polyculture.app.economics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.economics.ChallengeEconomics;
import org.polyculture.protocol.economics.CheatingCalculus;
import org.polyculture.protocol.economics.EconomicParameters;
import org.polyculture.protocol.economics.MonteCarloSimulation;
import org.polyculture.protocol.economics.SimulatedStrategy;
import org.polyculture.protocol.economics.StrategyEconomics;

/**
 * The cheating calculus for one set of parameters: the closed form beside a Monte Carlo run over
 * the protocol's audit sampling, as a table for people or JSON for scripts.
 */
public final class EconomicsReport {

  private final EconomicParameters parameters;
  private final int trials;
  private final Bytes32 seed;
  private final List<StrategyEconomics> formula;
  private final List<SimulatedStrategy> simulated;
  private final ChallengeEconomics challenges;

  private EconomicsReport(
      EconomicParameters parameters,
      int trials,
      Bytes32 seed,
      List<StrategyEconomics> formula,
      List<SimulatedStrategy> simulated) {
    this.parameters = parameters;
    this.trials = trials;
    this.seed = seed;
    this.formula = formula;
    this.simulated = simulated;
    this.challenges = CheatingCalculus.challenges(parameters);
  }

  /** Evaluates every strategy in closed form and simulates {@code trials} trials of each. */
  public static EconomicsReport compute(EconomicParameters parameters, int trials, Bytes32 seed) {
    return new EconomicsReport(
        parameters,
        trials,
        seed,
        CheatingCalculus.evaluateAll(parameters),
        new MonteCarloSimulation(parameters, seed).simulateAll(trials));
  }

  /** Whether every strategy loses money on average (in closed form). */
  public boolean everyStrategyUnprofitable() {
    return formula.stream().allMatch(StrategyEconomics::unprofitable);
  }

  public void printTable(PrintWriter out) {
    EconomicParameters p = parameters;
    out.printf(
        Locale.ROOT,
        "Parameters: stake %s POLY, reward %s POLY/segment, segment cost %s POLY, serving cost %s"
            + " POLY, tamper value %s POLY%n",
        amount(p.stake()),
        amount(p.reward()),
        amount(p.segmentCost()),
        amount(p.servingCost()),
        amount(p.tamperValue()));
    out.printf(
        Locale.ROOT,
        "            S = %d, k = %d (k/S = %.4f), %d verifiers at uptime %.2f, %s picks;"
            + " bond %s POLY, finder %.1f%%, slash %.1f%%, jury %d with %.0f%% dishonest;"
            + " %d concurrent segment(s)%n",
        p.segmentLength(),
        p.effectiveAudits(),
        p.effectiveAudits() / (double) p.segmentLength(),
        p.verifiers(),
        p.verifierUptime(),
        p.picks().name().toLowerCase(Locale.ROOT),
        amount(p.bond()),
        p.finderShareBps() / 100.0,
        p.workerSlashBps() / 100.0,
        p.jurySize(),
        p.dishonestJurorShare() * 100,
        p.concurrentSegments());
    out.printf(
        Locale.ROOT,
        "Monte Carlo: %d trials per strategy over AuditSampler, seed %s%n%n",
        trials,
        seed.toShortHexString());
    out.printf(
        Locale.ROOT,
        "%-22s %5s %8s %8s %-24s %8s %11s %-20s %11s %11s  %s%n",
        "strategy",
        "m",
        "P(hit)",
        "P(det)",
        "P(det) simulated",
        "P(conv)",
        "E[profit]",
        "E[profit] simulated",
        "vs honest",
        "break-even",
        "verdict");
    for (int i = 0; i < formula.size(); i++) {
      StrategyEconomics f = formula.get(i);
      SimulatedStrategy s = simulated.get(i);
      double[] interval = s.detectionInterval();
      out.printf(
          Locale.ROOT,
          "%-22s %5d %8.4f %8.4f %-24s %8.4f %11.2f %-20s %11.2f %11s  %s%n",
          f.cheat().cliName(),
          f.tamperedSteps(),
          f.sampleDetection(),
          f.detection(),
          String.format(
              Locale.ROOT, "%.4f [%.4f,%.4f]", s.detectionRate(), interval[0], interval[1]),
          f.conviction(),
          f.expectedProfit(),
          String.format(Locale.ROOT, "%.2f ± %.2f", s.meanProfit(), 1.96 * s.profitStandardError()),
          f.advantageOverHonest(),
          stakeText(f.breakEvenStake()),
          f.unprofitable() ? "negative" : "PROFITABLE");
    }
    out.printf(
        Locale.ROOT,
        "%nHonest worker: %.2f POLY per segment.%n",
        CheatingCalculus.honestProfit(parameters));
    out.printf(
        Locale.ROOT,
        "Challenger: honest jury majority %.4f; challenging a fraud is worth %.2f POLY,"
            + " challenging an honest worker %.2f POLY, reporting oneself %.2f POLY.%n",
        challenges.honestMajority(),
        challenges.fraudChallengeValue(),
        challenges.griefingValue(),
        challenges.selfReportValue());
    out.println(
        everyStrategyUnprofitable()
            ? "Every strategy has negative expected value."
            : "Some strategy pays: raise the stake above its break-even stake, or audit more steps.");
    out.flush();
  }

  public void printJson(PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.set("parameters", mapper.valueToTree(parameters));
    root.put("trials", trials);
    root.put("seed", seed.toHexString());
    root.put("honestProfit", CheatingCalculus.honestProfit(parameters));
    ObjectNode challenge = root.putObject("challenges");
    challenge.put("honestMajority", challenges.honestMajority());
    challenge.put("fraudChallengeValue", challenges.fraudChallengeValue());
    challenge.put("griefingValue", challenges.griefingValue());
    challenge.put("selfReportValue", challenges.selfReportValue());
    ArrayNode strategies = root.putArray("strategies");
    for (int i = 0; i < formula.size(); i++) {
      StrategyEconomics f = formula.get(i);
      SimulatedStrategy s = simulated.get(i);
      ObjectNode node = strategies.addObject();
      node.put("strategy", f.cheat().cliName());
      node.put("detectedBy", f.cheat().detection().name().toLowerCase(Locale.ROOT));
      node.put("tamperedSteps", f.tamperedSteps());
      node.put("computedSteps", f.cheat().computedSteps(parameters.segmentLength()));
      ObjectNode hit = node.putObject("sampleDetection");
      hit.put("formula", f.sampleDetection());
      hit.put("simulated", s.sampleDetectionRate());
      interval(hit, s.sampleDetectionInterval());
      ObjectNode detection = node.putObject("detection");
      detection.put("formula", f.detection());
      detection.put("simulated", s.detectionRate());
      interval(detection, s.detectionInterval());
      ObjectNode conviction = node.putObject("conviction");
      conviction.put("formula", f.conviction());
      conviction.put("simulated", s.convictionRate());
      ObjectNode profit = node.putObject("expectedProfit");
      profit.put("formula", f.expectedProfit());
      profit.put("simulated", s.meanProfit());
      profit.put("standardError", s.profitStandardError());
      node.put("advantageOverHonest", f.advantageOverHonest());
      if (Double.isFinite(f.breakEvenStake())) {
        node.put("breakEvenStake", f.breakEvenStake());
      } else {
        node.putNull("breakEvenStake");
      }
      node.put("negative", f.unprofitable());
    }
    root.put("everyStrategyNegative", everyStrategyUnprofitable());
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the economics report", e);
    }
    out.flush();
  }

  private static void interval(ObjectNode node, double[] interval) {
    ArrayNode bounds = node.putArray("interval95");
    bounds.add(interval[0]);
    bounds.add(interval[1]);
  }

  private static String amount(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%,.2f", value);
  }

  private static String stakeText(double stake) {
    return Double.isInfinite(stake) ? "none" : String.format(Locale.ROOT, "%.1f", stake);
  }
}
