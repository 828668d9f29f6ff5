package org.polyculture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.api.devnet.DevnetAccounts;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.governance.signature.VoteSupport;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;

/**
 * Hostile and mistaken input against a running API node with a relayer key: each is a clear 4xx RFC
 * 9457 problem, nothing reaches the chain or the index, and the server keeps serving.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBadInputTest {

  private CommonsScenario commons;
  private ApiNode node;
  private ApiClient api;
  private GovernorReader reader;
  private BigInteger active;
  private BigInteger closed;
  private Path directory;

  @BeforeAll
  void setUp(LocalChain chain, @TempDir Path temp) throws Exception {
    directory = temp;
    commons = CommonsScenario.deploy(chain).delegate();
    reader = commons.governance.reader;
    closed = commons.propose("Closed before anyone voted");
    chain.increaseTime(
        GovernanceChain.PARAMETERS
            .votingDelay()
            .plus(GovernanceChain.PARAMETERS.votingPeriod())
            .plusSeconds(2));
    active = commons.propose("Open for votes");
    chain.increaseTime(GovernanceChain.PARAMETERS.votingDelay().plusSeconds(1));
    node =
        commons.startApi(
            temp.resolve("main"),
            CommonsScenario.settings().build(),
            Optional.of(commons.governance.relayerKey()),
            Optional.empty());
    api = new ApiClient(node.server().baseUri());
  }

  @AfterAll
  void close() {
    node.close();
    commons.close();
  }

  @Test
  void shouldRefuseBadVotesWithoutTouchingTheChainOrTheIndex() throws Exception {
    Credentials alice = commons.alice();
    Credentials bob = commons.bob();
    BigInteger block = commons.chain.blockNumber();
    BigInteger aliceNonce = reader.ballotNonce(alice.getAddress());
    node.indexNow();
    JsonNode tallyBefore = ok("/v1/proposals/" + active).at("/summary/votes");

    Map<String, Object> valid = ballot(alice, alice, active, VoteSupport.FOR, aliceNonce);
    assertProblem(api.post("/v1/votes", "{\"proposalId\": "), 400, "malformed-json");
    assertProblem(api.post("/v1/votes", "[1, 2]"), 400, "malformed-json");
    assertProblem(api.post("/v1/votes", ""), 400, "malformed-json");
    assertProblem(
        api.post("/v1/votes", "{\"a\": " + "[".repeat(50) + "]".repeat(50) + "}"),
        400,
        "malformed-json");
    assertField(api.post("/v1/votes", with(valid, "support", "1")), "support");
    assertField(api.post("/v1/votes", with(valid, "proposalId", 5)), "proposalId");
    assertField(api.post("/v1/votes", with(valid, "extra", true)), "extra");
    assertField(api.post("/v1/votes", without(valid, "signature")), "signature");
    assertField(api.post("/v1/votes", with(valid, "voter", "0x12")), "voter");
    assertField(api.post("/v1/votes", with(valid, "support", 3)), "support");
    assertProblem(api.post("/v1/votes", json(valid), "text/plain"), 415, "unsupported-media-type");
    assertProblem(
        api.post("/v1/votes", "{\"pad\": \"" + "x".repeat(70_000) + "\"}"),
        413,
        "payload-too-large");

    assertRefused(
        api.post("/v1/votes", with(valid, "signature", "0x1234")), 400, "MALFORMED_SIGNATURE");
    assertRefused(
        api.post("/v1/votes", with(valid, "signature", highS(alice, active, aliceNonce))),
        400,
        "MALFORMED_SIGNATURE");
    assertRefused(
        api.post("/v1/votes", ballot(bob, alice, active, VoteSupport.FOR, aliceNonce)),
        403,
        "WRONG_SIGNER");
    assertRefused(
        api.post(
            "/v1/votes",
            ballot(alice, alice, BigInteger.valueOf(12345), VoteSupport.FOR, aliceNonce)),
        404,
        "UNKNOWN_PROPOSAL");
    assertRefused(
        api.post("/v1/votes", ballot(alice, alice, closed, VoteSupport.FOR, aliceNonce)),
        409,
        "PROPOSAL_NOT_ACTIVE");
    assertRefused(
        api.post(
            "/v1/votes",
            ballot(alice, alice, active, VoteSupport.FOR, aliceNonce.add(BigInteger.ONE))),
        409,
        "NONCE_AHEAD");
    Credentials nobody = commons.chain.account(12);
    assertRefused(
        api.post("/v1/votes", ballot(nobody, nobody, active, VoteSupport.FOR, BigInteger.ZERO)),
        422,
        "NO_VOTING_POWER");

    Map<String, Object> delegation =
        delegation(bob, bob, BigInteger.valueOf(reader.chainTime() - 10));
    assertRefused(api.post("/v1/delegations", delegation), 422, "EXPIRED");
    assertRefused(
        api.post(
            "/v1/delegations", delegation(bob, bob, BigInteger.valueOf(reader.chainTime() + 600))),
        409,
        "ALREADY_DELEGATED");

    assertThat(commons.chain.blockNumber()).as("no transaction was sent").isEqualTo(block);
    assertThat(reader.ballotNonce(alice.getAddress())).isEqualTo(aliceNonce);
    node.indexNow();
    assertThat(ok("/v1/proposals/" + active).at("/summary/votes")).isEqualTo(tallyBefore);

    ApiClient.Response relayed = api.post("/v1/votes", valid);
    assertThat(relayed.status()).as(relayed.body()).isEqualTo(200);
    assertThat(relayed.json().get("transactionHash").asText()).startsWith("0x");
    assertRefused(api.post("/v1/votes", valid), 409, "NONCE_USED");
    node.indexNow();
    assertThat(ok("/v1/proposals/" + active).at("/summary/votes/voters").asLong()).isEqualTo(1);
    assertThat(ok("/v1/health").get("status").asText()).isEqualTo("ok");
  }

  @Test
  void shouldRefuseBadIdsAndParameters() {
    assertProblem(api.get("/v1/proposals/12345"), 404, "not-found");
    assertField(api.get("/v1/proposals/abc"), "id");
    assertField(api.get("/v1/proposals/007"), "id");
    assertField(api.get("/v1/proposals/" + BigInteger.ONE.shiftLeft(256)), "id");
    assertProblem(api.get("/v1/jobs/0"), 404, "not-found");
    assertProblem(api.get("/v1/jobs/0/segments"), 404, "not-found");
    assertField(api.get("/v1/jobs/-1"), "id");
    assertProblem(api.get("/v1/disputes/0"), 404, "not-found");
    assertField(api.get("/v1/participants/0x12"), "address");
    assertProblem(api.get("/v1/participants/0x" + "ab".repeat(20)), 404, "not-found");
    assertField(api.get("/v1/proposals?limit=0"), "limit");
    assertField(api.get("/v1/proposals?limit=100000"), "limit");
    assertField(api.get("/v1/proposals?state=OPEN"), "state");
    assertField(api.get("/v1/proposals?before=x"), "before");
    assertField(api.get("/v1/ballots/typed-data?proposalId=1&voter=0x12&support=1"), "voter");
    assertField(api.get("/v1/communities/Bards!"), "slug");
    assertProblem(api.get("/v1/nothing-here"), 404, "not-found");
    assertProblem(api.get("/assets/no-such-file.js"), 404, "not-found");
    assertProblem(
        api.send(HttpRequest.newBuilder(node.server().baseUri().resolve("/v1/proposals")).DELETE()),
        405,
        "method-not-allowed");
    assertThat(ok("/v1/health").get("status").asText()).isEqualTo("ok");
  }

  @Test
  void shouldListEveryProblemOfADraftAndBoundTheModelSize() {
    Map<String, Object> draft = draft("nano");
    ApiClient.Response bad =
        api.post(
            "/v1/proposal-drafts",
            with(with(with(draft, "seed", "-1"), "rewardPerSegment", "ten"), "community", null));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("community", "seed", "rewardPerSegment");
    ApiClient.Response tooLarge = api.post("/v1/proposal-drafts", draft("gpu-large"));
    assertField(tooLarge, "model");
    ApiClient.Response good = api.post("/v1/proposal-drafts", draft("nano"));
    assertThat(good.status()).as(good.body()).isEqualTo(200);
    JsonNode prepared = good.json();
    assertThat(prepared.at("/cost/segments").asLong()).isEqualTo(2);
    assertThat(prepared.at("/treasury/sufficient").asBoolean()).isTrue();
    assertThat(prepared.at("/terms/config/totalSteps").asInt()).isEqualTo(100);
    assertThat(prepared.get("description").asText())
        .endsWith("#proposer=" + commons.alice().getAddress().toLowerCase());
  }

  @Test
  void shouldRateLimitEachClientAndKeepServingOthers() throws Exception {
    try (ApiNode limited =
        commons.startApi(
            directory.resolve("limited"),
            CommonsScenario.settings().reads(1_000, 1_000).writes(0.1, 2).build(),
            Optional.empty(),
            Optional.empty())) {
      ApiClient client = new ApiClient(limited.server().baseUri());
      assertThat(client.post("/v1/votes", "{}").status()).isEqualTo(400);
      assertThat(client.post("/v1/votes", "{}").status()).isEqualTo(400);
      ApiClient.Response third = client.post("/v1/votes", "{}");
      assertProblem(third, 429, "rate-limited");
      assertThat(Long.parseLong(third.header("Retry-After"))).isPositive();
      assertThat(client.get("/v1/health").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldAllowOnlyTheConfiguredOrigin() throws Exception {
    try (ApiNode cors =
        commons.startApi(
            directory.resolve("cors"),
            CommonsScenario.settings().corsOrigin(Optional.of("http://localhost:5173")).build(),
            Optional.empty(),
            Optional.empty())) {
      ApiClient client = new ApiClient(cors.server().baseUri());
      assertThat(
              client
                  .get("/v1/health", Map.of("Origin", "http://localhost:5173"))
                  .header("Access-Control-Allow-Origin"))
          .isEqualTo("http://localhost:5173");
      assertThat(
              client
                  .get("/v1/health", Map.of("Origin", "https://evil.example"))
                  .header("Access-Control-Allow-Origin"))
          .isNull();
      assertThat(
              api.get("/v1/health", Map.of("Origin", "http://localhost:5173"))
                  .header("Access-Control-Allow-Origin"))
          .as("the main server allows no origin")
          .isNull();
    }
  }

  @Test
  void shouldRefuseDemoAccountsOffLoopback() throws Exception {
    DevnetAccounts accounts =
        new DevnetAccounts(List.of(new DevnetAccounts.Account("alice", commons.alice())));
    assertThatThrownBy(
            () ->
                commons.startApi(
                    directory.resolve("public"),
                    CommonsScenario.settings().host("0.0.0.0").build(),
                    Optional.empty(),
                    Optional.of(accounts)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  private Map<String, Object> draft(String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Tiny Shakespeare");
    body.put("community", "bards");
    body.put("model", Map.of("name", model));
    body.put("seed", "7");
    body.put(
        "dataset",
        Map.of(
            "root",
            "0x" + "ab".repeat(32),
            "manifestHash",
            "0x" + "cd".repeat(32),
            "bytes",
            1_000_000,
            "locations",
            List.of("http://127.0.0.1:8545/data")));
    body.put("totalSteps", 100);
    body.put("segmentLength", 50);
    body.put("rewardPerSegment", "10000000000000000000");
    body.put("minWorkerStake", "1000000000000000000000");
    body.put("proposer", commons.alice().getAddress());
    return body;
  }

  private Map<String, Object> ballot(
      Credentials signer,
      Credentials voter,
      BigInteger proposal,
      VoteSupport support,
      BigInteger nonce) {
    Ballot ballot = new Ballot(proposal, support, voter.getAddress(), nonce);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("proposalId", proposal.toString());
    body.put("support", support.code());
    body.put("voter", voter.getAddress());
    body.put("nonce", nonce.toString());
    body.put(
        "signature", EcdsaSignature.sign(ballot.digest(reader.governorDomain()), signer).toHex());
    return body;
  }

  private String highS(Credentials signer, BigInteger proposal, BigInteger nonce) {
    Ballot ballot = new Ballot(proposal, VoteSupport.FOR, signer.getAddress(), nonce);
    EcdsaSignature signature = EcdsaSignature.sign(ballot.digest(reader.governorDomain()), signer);
    BigInteger order =
        new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    Bytes32 flipped =
        Bytes32.leftPad(
            Bytes.wrap(order.subtract(signature.s().toUnsignedBigInteger()).toByteArray())
                .trimLeadingZeros());
    return Bytes.concatenate(signature.r(), flipped, Bytes.of(signature.v() == 27 ? 28 : 27))
        .toHexString();
  }

  private Map<String, Object> delegation(
      Credentials signer, Credentials delegator, BigInteger expiry) {
    BigInteger nonce = reader.tokenNonce(delegator.getAddress());
    Delegation delegation = new Delegation(delegator.getAddress(), nonce, expiry);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("delegator", delegator.getAddress());
    body.put("delegatee", delegator.getAddress());
    body.put("nonce", nonce.toString());
    body.put("expiry", expiry.toString());
    body.put(
        "signature", EcdsaSignature.sign(delegation.digest(reader.tokenDomain()), signer).toHex());
    return body;
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put(field, value);
    return copy;
  }

  private static Map<String, Object> without(Map<String, Object> body, String field) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.remove(field);
    return copy;
  }

  private static String json(Object body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode ok(String path) {
    ApiClient.Response response = api.get(path);
    assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
    return response.json();
  }

  private static void assertProblem(ApiClient.Response response, int status, String type) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asText()).isEqualTo("https://polyculture.org/problems/" + type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
  }

  private static void assertField(ApiClient.Response response, String field) {
    assertProblem(response, 400, "invalid-request");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .contains(field);
  }

  private static void assertRefused(ApiClient.Response response, int status, String reason) {
    assertProblem(response, status, "refused");
    assertThat(response.json().get("reason").asText()).isEqualTo(reason);
  }
}
