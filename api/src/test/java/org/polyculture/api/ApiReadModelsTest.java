package org.polyculture.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MetricFamily;
import org.polyculture.metrics.PrometheusText;
import org.polyculture.metrics.Sample;
import org.polyculture.protocol.audit.AuditSampler;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.SegmentSteps;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * The API's read models over a commons that really happened on Ganache (a model proposal voted and
 * executed, a job trained, finalized, rewarded, and a fraud proven), indexed by the API node itself
 * into LMDB.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiReadModelsTest {

  private CommonsScenario commons;
  private ApiNode node;
  private ApiClient api;

  @BeforeAll
  void happen(LocalChain chain, @TempDir Path directory) throws Exception {
    commons = CommonsScenario.deploy(chain).delegate();
    commons.propose("Tiny Shakespeare");
    commons.passAndExecute().train();
    node =
        commons.startApi(
            directory, CommonsScenario.settings().build(), Optional.empty(), Optional.empty());
    node.indexNow();
    api = new ApiClient(node.server().baseUri());
  }

  @AfterAll
  void close() {
    node.close();
    commons.close();
  }

  @Test
  void shouldListTheExecutedModelProposal() {
    JsonNode page = ok("/v1/proposals");
    assertThat(page.get("items")).hasSize(1);
    JsonNode proposal = page.get("items").get(0);
    assertThat(proposal.get("id").asText()).isEqualTo(commons.proposalId.toString());
    assertThat(proposal.get("state").asText()).isEqualTo("EXECUTED");
    assertThat(proposal.get("kind").asText()).isEqualTo("model");
    assertThat(proposal.get("title").asText()).isEqualTo("Train Tiny Shakespeare for bards");
    assertThat(proposal.at("/model/consistent").asBoolean()).isTrue();
    assertThat(proposal.at("/votes/forVotes").asText())
        .isEqualTo(GovernanceChain.HOLDING.multiply(BigInteger.TWO).toString());
    assertThat(proposal.get("quorumProgressBps").asInt()).isEqualTo(10_000);
    assertThat(proposal.get("turnoutBps").asInt()).isEqualTo(600);
    assertThat(proposal.get("jobIds")).extracting(JsonNode::asText).containsExactly("0");
    assertThat(page.has("next")).isFalse();
    assertThat(ok("/v1/proposals?state=ACTIVE").get("items")).isEmpty();
  }

  @Test
  void shouldShowAProposalsTimelineActionsAndCost() {
    JsonNode detail = ok("/v1/proposals/" + commons.proposalId);
    assertThat(detail.get("timeline"))
        .extracting(e -> e.get("event").asText())
        .containsExactly(
            "created", "voting-opens", "voting-closes", "queued", "executable", "executed");
    assertThat(detail.get("timeline"))
        .allSatisfy(e -> assertThat(e.get("reached").asBoolean()).isTrue());
    JsonNode createJob = detail.at("/actions/1/createJob");
    assertThat(detail.at("/actions/0/function").asText()).isEqualTo("approve");
    assertThat(createJob.at("/config/layers").asInt()).isEqualTo(2);
    assertThat(createJob.get("seed").asText()).isEqualTo("7");
    assertThat(createJob.get("genesisStateHash").asText())
        .isEqualTo(commons.prepared.terms().genesisStateHash().toHexString());
    assertThat(detail.at("/model/cost/budget").asText())
        .isEqualTo(DeploymentParameters.tokens(40).toString());
    assertThat(detail.at("/model/cost/segments").asLong()).isEqualTo(4);
    assertThat(detail.at("/execution/descriptionHash").asText())
        .isEqualTo(commons.prepared.governorProposal().descriptionHash().toHexString());
    JsonNode votes = ok("/v1/proposals/" + commons.proposalId + "/votes");
    assertThat(votes.get("items"))
        .extracting(v -> v.get("voter").asText())
        .containsExactly(
            commons.alice().getAddress().toLowerCase(), commons.bob().getAddress().toLowerCase());
    assertThat(
            ok("/v1/proposals/" + commons.proposalId + "/votes/" + commons.bob().getAddress())
                .get("support")
                .asText())
        .isEqualTo("FOR");
  }

  @Test
  void shouldGroupProposalsByCommunityAndRankDelegates() {
    assertThat(ok("/v1/communities")).hasSize(1);
    JsonNode bards = ok("/v1/communities/bards");
    assertThat(bards.get("proposals").asLong()).isEqualTo(1);
    assertThat(bards.at("/latest/0/id").asText()).isEqualTo(commons.proposalId.toString());
    JsonNode delegates = ok("/v1/delegates");
    assertThat(delegates).hasSize(2);
    assertThat(delegates.get(0).get("votes").asText())
        .isEqualTo(GovernanceChain.HOLDING.toString());
  }

  @Test
  void shouldShowTheJobAndItsProgress() {
    JsonNode job = ok("/v1/jobs/0");
    assertThat(job.at("/summary/proposalId").asText()).isEqualTo(commons.proposalId.toString());
    assertThat(job.at("/summary/model/name").asText()).isEqualTo("Tiny Shakespeare");
    assertThat(job.at("/terms/datasetLocations/0").asText())
        .isEqualTo("http://127.0.0.1:8545/data");
    assertThat(job.at("/terms/config/parameters").asLong()).isEqualTo(136_960);
    JsonNode progress = job.at("/summary/progress");
    assertThat(progress.get("rewarded").asLong()).isEqualTo(1);
    assertThat(progress.get("finalized").asLong()).isEqualTo(1);
    assertThat(progress.get("fraud").asLong()).isEqualTo(1);
    assertThat(progress.get("committed").asLong()).isZero();
    assertThat(progress.get("finalBps").asInt()).isEqualTo(5_000);
    assertThat(progress.get("workers").asLong()).isEqualTo(1);
    assertThat(progress.get("disputes").asLong()).isEqualTo(1);
    assertThat(job.get("workers").get(0).get("fraud").asLong()).isEqualTo(1);
    assertThat(ok("/v1/jobs").get("items")).hasSize(1);
  }

  @Test
  void shouldShowEachSegmentsStatusAndTimeline() {
    JsonNode segments = ok("/v1/jobs/0/segments").get("items");
    assertThat(segments)
        .extracting(s -> s.get("status").asText())
        .containsExactly("REWARDED", "FINALIZED", "FRAUD");
    assertThat(segments.get(0).at("/timeline/rewarded/block").asLong())
        .isGreaterThan(segments.get(0).at("/timeline/committed/block").asLong());
    assertThat(segments.get(2).get("disputes")).hasSize(1);
    assertThat(segments.get(1).get("stepRoot").asText()).startsWith("0x");
  }

  @Test
  void shouldShowTheStepsVerifiersAudit() throws Exception {
    JsonNode detail = ok("/v1/jobs/0/segments/1");
    long commitBlock = detail.at("/segment/timeline/committed/block").asLong();
    Bytes32 randomness =
        Bytes32.fromHexString(
            commons
                .governance
                .client
                .web3j()
                .ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(commitBlock + 1)), false)
                .send()
                .getBlock()
                .getHash());
    List<Long> expected =
        AuditSampler.pickOffsets(randomness, 0, 1, CommonsScenario.SEGMENT_LENGTH, 4).stream()
            .map(o -> (long) CommonsScenario.SEGMENT_LENGTH + o)
            .toList();
    assertThat(detail.at("/audit/randomness").asText()).isEqualTo(randomness.toHexString());
    assertThat(detail.at("/audit/steps"))
        .extracting(JsonNode::asLong)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void shouldDrawTheLossCurveFromTheWorkersSteps() throws Exception {
    JsonNode curve = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      curve = ok("/v1/jobs/0/loss");
      if (curve.at("/segments/0/availability").asText().equals("AVAILABLE")
          && curve.at("/segments/1/availability").asText().equals("AVAILABLE")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(curve.get("segments"))
        .extracting(s -> s.get("availability").asText())
        .containsExactly("AVAILABLE", "AVAILABLE", "NOT_COMMITTED");
    List<Float> served = new ArrayList<>();
    for (long segment = 0; segment < 2; segment++) {
      SegmentSteps steps = commons.servedSteps(segment);
      steps.losses().forEach(loss -> served.add(loss.orElseThrow()));
    }
    List<Float> points = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (Iterator<JsonNode> it = curve.get("points").elements(); it.hasNext(); ) {
      JsonNode point = it.next();
      points.add((float) point.get("loss").asDouble());
      steps.add(point.get("step").asLong());
    }
    assertThat(points).containsExactlyElementsOf(served);
    assertThat(steps).first().isEqualTo(0L);
    assertThat(steps).last().isEqualTo(99L);
    JsonNode perSegment = ok("/v1/jobs/0/loss?per=segment");
    assertThat(perSegment.get("points")).isEmpty();
    assertThat(perSegment.at("/segments/0/meanLoss").asDouble()).isBetween(5.0, 5.5);
  }

  @Test
  void shouldShowTheDisputeSlashAndTheWorkersRecord() {
    JsonNode dispute = ok("/v1/jobs/0/disputes").get(0);
    assertThat(dispute.get("outcome").asText()).isEqualTo("WORKER_AT_FAULT");
    assertThat(dispute.get("kind").asText()).isEqualTo("FRAUD");
    assertThat(dispute.at("/settlement/slashed").asText())
        .isEqualTo(CommonsScenario.WORKER_STAKE.toString());
    assertThat(ok("/v1/disputes/0").get("segment").asLong()).isEqualTo(2);
    JsonNode slash = ok("/v1/slashes").get("items").get(0);
    assertThat(slash.get("account").asText())
        .isEqualTo(commons.worker().getAddress().toLowerCase());
    assertThat(slash.get("amount").asText()).isEqualTo(CommonsScenario.WORKER_STAKE.toString());

    JsonNode workers = ok("/v1/participants?role=worker");
    assertThat(workers).hasSize(1);
    JsonNode worker = workers.get(0);
    assertThat(worker.get("bonded").asText()).isEqualTo("0");
    assertThat(worker.get("slashed").asText()).isEqualTo(CommonsScenario.WORKER_STAKE.toString());
    assertThat(worker.get("rewardedSegments").asLong()).isEqualTo(1);
    assertThat(worker.get("fraudSegments").asLong()).isEqualTo(1);
    assertThat(worker.get("commits").asLong()).isEqualTo(3);
    assertThat(ok("/v1/participants?role=verifier").get(0).get("bonded").asText())
        .isEqualTo(CommonsScenario.WORKER_STAKE.toString());
    JsonNode detail = ok("/v1/participants/" + commons.worker().getAddress());
    assertThat(detail.at("/history/items"))
        .extracting(h -> h.get("kind").asText())
        .contains(
            "registered",
            "staked",
            "claimed",
            "committed",
            "rewarded",
            "slashed",
            "fraud",
            "disputed");
    assertThat(detail.get("disputes")).hasSize(1);
  }

  @Test
  void shouldAgreeWithTheChainOnTreasuryAndSupply() {
    JsonNode treasury = ok("/v1/treasury");
    assertThat(treasury.get("balance").asText())
        .isEqualTo(commons.governance.reader.treasuryBalance().toString());
    assertThat(treasury.get("escrowedInJobs").asText())
        .isEqualTo(DeploymentParameters.tokens(40).toString());
    assertThat(treasury.at("/flows/items/0/inflow").asBoolean()).isFalse();
    assertThat(treasury.at("/flows/items/0/amount").asText())
        .isEqualTo(DeploymentParameters.tokens(40).toString());
    JsonNode network = ok("/v1/network");
    assertThat(network.at("/token/totalSupply").asText())
        .isEqualTo(commons.governance.reader.totalSupply().toString());
    assertThat(network.at("/token/burned").asText()).isNotEqualTo("0");
    assertThat(network.at("/counts/proposals").asLong()).isEqualTo(1);
    assertThat(network.at("/counts/jobs").asLong()).isEqualTo(1);
    assertThat(network.at("/counts/disputes").asLong()).isEqualTo(1);
    assertThat(network.at("/governance/quorumPercent").asInt()).isEqualTo(4);
    assertThat(network.at("/indexing/healthy").asBoolean()).isTrue();
    assertThat(network.at("/capabilities/voteRelay").asBoolean()).isFalse();
  }

  @Test
  void shouldReadAnAccountFromTheChain() {
    JsonNode alice = ok("/v1/accounts/" + commons.alice().getAddress());
    assertThat(alice.get("votes").asText()).isEqualTo(GovernanceChain.HOLDING.toString());
    assertThat(alice.get("delegate").asText())
        .isEqualTo(commons.alice().getAddress().toLowerCase());
    assertThat(alice.get("ballotNonce").asText()).isEqualTo("0");
  }

  @Test
  void shouldServePrometheusMetricsWithTheIndexerAndRequests() {
    assertThat(api.get("/v1/health").status()).isEqualTo(200);

    ApiClient.Response scrape = api.get(HttpMetrics.PATH);

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.header("Content-Type")).startsWith("text/plain");
    List<MetricFamily> families = PrometheusText.parse(scrape.body());
    assertThat(value(families, "indexer_head_block")).isPositive();
    assertThat(value(families, "indexer_lag_blocks")).isGreaterThanOrEqualTo(0);
    assertThat(families)
        .filteredOn(family -> family.name().equals("http_requests_total"))
        .flatExtracting(MetricFamily::samples)
        .anySatisfy(
            sample -> {
              assertThat(sample.label("server")).isEqualTo("api");
              assertThat(sample.label("route")).isEqualTo("/v1/health");
              assertThat(sample.label("status")).isEqualTo("200");
            });
    assertThat(value(families, "jvm_threads_current")).isPositive();
  }

  private static double value(List<MetricFamily> families, String name) {
    return families.stream()
        .filter(family -> family.name().equals(name))
        .flatMap(family -> family.samples().stream())
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  @Test
  void shouldDescribeEveryEndpointInItsOpenApiDocument() {
    JsonNode document = ok("/openapi.json");
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    JsonNode paths = document.get("paths");
    for (String path :
        List.of(
            "/v1/proposals",
            "/v1/proposals/{id}",
            "/v1/jobs/{id}/loss",
            "/v1/votes",
            "/v1/delegations",
            "/v1/proposal-drafts",
            "/v1/participants/{address}/history",
            "/v1/treasury",
            "/v1/network")) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    assertThat(paths.has("/v1/devnet/time")).isFalse();
    JsonNode schemas = document.at("/components/schemas");
    List<String> references = new ArrayList<>();
    collectReferences(document, references);
    assertThat(references).isNotEmpty();
    for (String reference : references) {
      assertThat(schemas.has(reference.substring("#/components/schemas/".length())))
          .as(reference)
          .isTrue();
    }
    assertThat(
            document
                .at("/paths/~1v1~1votes/post/responses/409/content")
                .has("application/problem+json"))
        .isTrue();
  }

  @Test
  void shouldAnswerReadsWhileIndexingKeepsUp() throws Exception {
    commons.chain.increaseTime(Duration.ofSeconds(5));
    node.indexNow();
    assertThat(ok("/v1/health").get("status").asText()).isEqualTo("ok");
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isObject()) {
      for (var field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          references.add(field.getValue().asText());
        } else {
          collectReferences(field.getValue(), references);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> collectReferences(element, references));
    }
  }

  private JsonNode ok(String path) {
    ApiClient.Response response = api.get(path);
    assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    return response.json();
  }
}
