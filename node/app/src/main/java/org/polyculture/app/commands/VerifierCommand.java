package org.polyculture.app.commands;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.VerifierWiring;
import org.polyculture.app.cli.NodeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture verifier}: the verifier daemon (docs/verifier.md). */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a verifier: stakes into the jury pool if needed, recomputes randomly sampled steps of"
          + " every committed segment bit for bit, opens a dispute with the proofs when a step"
          + " does not match or a worker withholds a state, and serves on dispute juries"
          + " (commit-reveal). Writes what it audited to DATA-DIR/report.json and, with"
          + " --report-listen, serves it over HTTP. Runs until stopped (Ctrl-C or SIGTERM);"
          + " restarting it with the same --data-dir continues where it was."
    })
public final class VerifierCommand implements Callable<Integer> {

  private final VerifierWiring wiring;

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Mixin ComputeOptions compute;

  @Option(
      names = "--audits-per-segment",
      paramLabel = "K",
      defaultValue = "4",
      description =
          "Steps recomputed per committed segment (default: ${DEFAULT-VALUE}; 0: jury duty"
              + " only).")
  int auditsPerSegment;

  @Option(
      names = "--report-listen",
      paramLabel = "HOST:PORT",
      description =
          "Serve the report on http://HOST:PORT/v1/report and Prometheus metrics on"
              + " /metrics (default: no server).")
  Optional<String> reportListen;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "The URL registered on chain for this verifier (default: the report URL, or 'none').")
  Optional<URI> endpoint;

  @Option(
      names = "--stake",
      paramLabel = "TOKENS",
      description = "Keep this much stake bonded, in POLY (default: the minimum juror stake).")
  Optional<BigDecimal> stake;

  @Option(
      names = "--confirmations",
      paramLabel = "N",
      description =
          "Blocks an event must be buried under before it is indexed (default: 0 on a local"
              + " devnet chain, 12 elsewhere).")
  Optional<Integer> confirmations;

  public VerifierCommand(VerifierWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    VerifierWiring.Options options =
        new VerifierWiring.Options(
            node,
            compute.backend(),
            compute.threads(wiring.environment().processors()),
            auditsPerSegment,
            reportListen.map(VerifierWiring.Listen::parse),
            endpoint,
            stake.map(VerifierWiring::tokenUnits),
            confirmations);
    wiring.runVerifier(options, spec.commandLine().getErr());
    return 0;
  }
}
