package org.polyculture.app.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The summary of a scripted devnet run, as JSON: the segments, every dispute and its settlement,
 * who was slashed and by how much, rewards and compensation, gas, and the token conservation check;
 * with a verdict: what the scenario expects (an honest run: no honest worker slashed or convicted;
 * a cheating run: the cheater convicted and slashed and its challenger paid) and whether it
 * happened.
 */
public final class ScenarioReport {

  private final ObjectNode json;
  private final List<String> failures;

  private ScenarioReport(ObjectNode json, List<String> failures) {
    this.json = json;
    this.failures = List.copyOf(failures);
  }

  /** Whether the scenario ended and everything it expects happened. */
  public boolean passed() {
    return failures.isEmpty();
  }

  public List<String> failures() {
    return failures;
  }

  public ObjectNode json() {
    return json;
  }

  public String render() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the scenario summary", e);
    }
  }

  static ScenarioReport of(Devnet devnet, boolean ended) throws Exception {
    DevnetSettings settings = devnet.settings();
    CommonsTally tally = devnet.tally();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    List<String> failures = new ArrayList<>();
    Optional<String> cheater = devnet.cheater();

    root.put("scenario", settings.scenario().map(Scenario::name).orElse("interactive"));
    settings.scenario().flatMap(Scenario::cheat).ifPresent(c -> root.put("cheat", c));
    root.put("ended", ended);
    if (!ended) {
      failures.add("the scenario did not end within " + settings.scenarioTimeout());
    }

    ObjectNode setup = root.putObject("setup");
    setup.put("workers", settings.workers());
    setup.put("verifiers", settings.verifiers());
    setup.put("model", settings.model().cliName());
    setup.put("segments", settings.segments());
    setup.put("segmentLength", settings.segmentLength());
    setup.put("auditsPerSegment", settings.audits());
    setup.put("timeScale", settings.timeScale());
    setup.put("nodes", settings.inProcess() ? "in-process" : "processes");
    setup.put("jobId", devnet.jobId().toString());
    setup.put("rewardPerSegment", DevnetStatus.poly(settings.rewardPerSegment()));
    setup.put("minWorkerStake", DevnetStatus.poly(settings.minWorkerStake()));

    ObjectNode timings = root.putObject("seconds");
    devnet.secondsToJob().ifPresent(s -> timings.put("toJobCreated", s));
    devnet.secondsToFirstFinal().ifPresent(s -> timings.put("toFirstFinalSegment", round(s)));
    timings.put("total", round(devnet.secondsRunning()));

    ObjectNode segments = root.putObject("segments");
    segments.put("claimed", tally.claimed());
    segments.put("committed", tally.committed());
    segments.put("final", tally.finalized());
    segments.put("rewarded", tally.rewarded());
    segments.put("voided", tally.voided());

    ArrayNode disputes = root.putArray("disputes");
    boolean cheaterConvicted = false;
    for (DisputeRecord dispute : tally.disputes()) {
      ObjectNode node = disputes.addObject();
      node.put("id", dispute.disputeId().toString());
      node.put("kind", dispute.kind());
      node.put("segment", dispute.segment());
      node.put("step", dispute.step());
      node.put("challenger", devnet.label(dispute.challenger()));
      node.put("worker", devnet.label(dispute.worker()));
      ArrayNode jurors = node.putArray("jurors");
      dispute.jurors().forEach(juror -> jurors.add(devnet.label(juror)));
      node.put("outcome", dispute.outcome());
      if (tally.isMoot(dispute)) {
        // Left open by everyone: an earlier conviction already voided what it disputes.
        node.put("moot", true);
      }
      if (dispute.resolved()) {
        node.put("slashed", DevnetStatus.poly(dispute.slashed()));
        node.put("toWinner", DevnetStatus.poly(dispute.toWinner()));
        node.put("toJurors", DevnetStatus.poly(dispute.toJurors()));
        node.put("compensation", DevnetStatus.poly(dispute.compensation()));
        node.put("burned", DevnetStatus.poly(dispute.burned()));
      }
      ArrayNode penalties = node.putArray("jurorPenalties");
      for (DisputeRecord.Penalty penalty : dispute.penalties()) {
        ObjectNode p = penalties.addObject();
        p.put("juror", devnet.label(penalty.juror()));
        p.put("amount", DevnetStatus.poly(penalty.amount()));
      }
      boolean againstCheater = cheater.isPresent() && cheater.get().equals(dispute.worker());
      if (dispute.workerAtFault() && !againstCheater) {
        failures.add(
            "honest "
                + devnet.label(dispute.worker())
                + " was found at fault in dispute "
                + dispute.disputeId());
      }
      if (dispute.workerAtFault() && againstCheater && dispute.toWinner().signum() > 0) {
        cheaterConvicted = true;
      }
    }

    ArrayNode slashes = root.putArray("slashes");
    BigInteger cheaterSlashed = BigInteger.ZERO;
    List<String> workers = new ArrayList<>();
    for (int i = 1; i <= settings.workers(); i++) {
      workers.add("worker-" + i);
    }
    for (CommonsTally.Slash slash : tally.slashes()) {
      ObjectNode node = slashes.addObject();
      node.put("account", devnet.label(slash.account()));
      node.put("amount", DevnetStatus.poly(slash.amount()));
      node.put("recipient", devnet.label(slash.recipient()));
      if (cheater.isPresent() && cheater.get().equals(slash.account())) {
        cheaterSlashed = cheaterSlashed.add(slash.amount());
      } else if (workers.contains(devnet.label(slash.account()))) {
        failures.add("honest " + devnet.label(slash.account()) + " was slashed");
      }
    }
    if (cheater.isPresent()) {
      if (!cheaterConvicted) {
        failures.add("no dispute convicted the cheater and paid its challenger");
      }
      if (cheaterSlashed.signum() == 0) {
        failures.add("the cheater was not slashed");
      }
    } else if (!tally.disputes().isEmpty()) {
      failures.add(tally.disputes().size() + " disputes in a run without a cheater");
    }
    if (settings.scenario().isPresent() && tally.finalized() < settings.segments()) {
      failures.add("only " + tally.finalized() + " of " + settings.segments() + " segments final");
    }

    amounts(root.putObject("rewards"), tally.rewards(), devnet);
    amounts(root.putObject("compensation"), tally.compensations(), devnet);

    GasReport gas =
        GasReport.measure(
            devnet.chain().web3j(), devnet.deployment().deployBlock(), FunctionNames.load());
    ObjectNode gasNode = root.putObject("gas");
    gasNode.put("transactions", gas.transactions());
    gasNode.put("total", gas.total().toString());
    ObjectNode byFunction = gasNode.putObject("byFunction");
    gas.byFunction()
        .forEach(
            (function, usage) -> {
              ObjectNode node = byFunction.putObject(function);
              node.put("calls", usage.calls());
              node.put("gas", usage.gas().toString());
            });

    TokenAudit audit =
        TokenAudit.of(
            devnet.chain(), devnet.deployment(), settings.deployment().tokenSupply(), tally);
    ObjectNode tokens = root.putObject("tokens");
    tokens.put("initialSupply", DevnetStatus.poly(audit.initialSupply()));
    tokens.put("totalSupply", DevnetStatus.poly(audit.totalSupply()));
    tokens.put("burnedByDisputes", DevnetStatus.poly(audit.burnedByDisputes()));
    tokens.put("holders", audit.holders());
    tokens.put("sumOfBalances", DevnetStatus.poly(audit.sumOfBalances()));
    tokens.put("stakingBalance", DevnetStatus.poly(audit.stakingBalance()));
    tokens.put("stakesAccounted", DevnetStatus.poly(audit.stakesAccounted()));
    tokens.put("ledgerBalance", DevnetStatus.poly(audit.ledgerBalance()));
    tokens.put("escrowAccounted", DevnetStatus.poly(audit.escrowAccounted()));
    tokens.put("disputesBalance", DevnetStatus.poly(audit.disputesBalance()));
    tokens.put("bondsAccounted", DevnetStatus.poly(audit.bondsAccounted()));
    tokens.put("conserved", audit.conserved());
    if (!audit.conserved()) {
      failures.add("the token conservation check failed: " + audit);
    }

    ObjectNode verdict = root.putObject("verdict");
    verdict.put("passed", failures.isEmpty());
    ArrayNode reasons = verdict.putArray("failures");
    failures.forEach(reasons::add);
    return new ScenarioReport(root, failures);
  }

  private static void amounts(ObjectNode node, Map<String, BigInteger> byAddress, Devnet devnet) {
    byAddress.forEach(
        (address, amount) -> node.put(devnet.label(address), DevnetStatus.poly(amount)));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
