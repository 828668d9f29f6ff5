package org.polyculture.contracts;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.polyculture.testkit.DeterministicAccounts;
import org.polyculture.testkit.GanacheProcess;
import org.polyculture.testkit.LocalChain;

/**
 * The gas benchmark (scripts/bench.d/30-gas): starts its own Ganache, runs {@link GasScenario}, and
 * prints one Markdown section with every figure next to its target.
 */
public final class GasReport {

  private static final long COMMIT_TARGET = 80_000;
  private static final long DISPUTE_TARGET = 1_500_000;

  private GasReport() {}

  public static void main(String[] args) throws Exception {
    Map<String, Long> gas;
    long largestJuryDispute;
    try (GanacheProcess ganache = GanacheProcess.start();
        LocalChain chain =
            new LocalChain(
                ganache.rpcUrl(), DeterministicAccounts.derive(GanacheProcess.ACCOUNT_COUNT))) {
      LocalChain.Snapshot fresh = chain.snapshot();
      gas = GasScenario.run(chain);
      chain.revert(fresh);
      largestJuryDispute = GasScenario.run(chain, GasScenario.MAX_JURY_SIZE).get("dispute: whole");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("## Gas of the protocol's transactions");
    out.println();
    out.println(
        "Measured "
            + LocalDate.now(ZoneOffset.UTC)
            + " on Ganache 7.9.2 (Shanghai rules) from transaction receipts; contracts compiled by"
            + " solc 0.8.24 with the optimizer (200 runs). Gas does not depend on the machine."
            + " Segment length S = "
            + GasScenario.SEGMENT_LENGTH
            + "; real-network dispute parameters (jury of "
            + GasScenario.JURY_SIZE
            + ", one juror in the minority).");
    out.println();
    out.println("| operation | gas | target |");
    out.println("| --- | ---: | --- |");
    for (Map.Entry<String, Long> entry : gas.entrySet()) {
      out.println(
          "| "
              + entry.getKey()
              + " | "
              + format(entry.getValue())
              + " | "
              + target(entry.getKey(), entry.getValue())
              + " |");
    }
    out.println(
        "| dispute: whole, with the largest jury the bounds allow ("
            + GasScenario.MAX_JURY_SIZE
            + ") | "
            + format(largestJuryDispute)
            + " | (target applies to the default jury of "
            + GasScenario.JURY_SIZE
            + ") |");
    long commit = Math.max(gas.get("commit"), gas.get("commit (next segment)"));
    out.println(
        "| commit per training step (S = "
            + GasScenario.SEGMENT_LENGTH
            + ") | "
            + format(Math.round((double) commit / GasScenario.SEGMENT_LENGTH))
            + " | ≤ 800 "
            + verdict(commit <= COMMIT_TARGET)
            + " |");
  }

  private static String target(String operation, long gas) {
    if (operation.startsWith("commit")) {
      return "≤ 80,000 " + verdict(gas <= COMMIT_TARGET);
    }
    if (operation.equals("dispute: whole")) {
      return "≤ 1,500,000 " + verdict(gas <= DISPUTE_TARGET);
    }
    return "";
  }

  private static String verdict(boolean met) {
    return met ? "(met)" : "(MISSED)";
  }

  private static String format(long value) {
    return String.format("%,d", value);
  }
}
