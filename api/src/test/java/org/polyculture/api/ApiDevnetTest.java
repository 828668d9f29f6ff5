package org.polyculture.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.api.devnet.DevnetAccounts;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.utils.Numeric;

/**
 * The community flow through the devnet's demo endpoints alone, as a new user without a wallet does
 * it: two demo holders delegate, one proposes a model, both vote, time advances, the proposal is
 * queued and executed, and the job appears.
 */
@ExtendWith(GanacheExtension.class)
class ApiDevnetTest {

  @Test
  void shouldTakeADemoHolderFromDelegationToAJob(LocalChain chain, @TempDir Path directory)
      throws Exception {
    try (CommonsScenario commons = CommonsScenario.deploy(chain)) {
      Path file = directory.resolve("accounts.json");
      Files.writeString(
          file,
          "{\"accounts\": [{\"label\": \"alice\", \"privateKey\": \""
              + key(commons, 1)
              + "\"}, {\"label\": \"bob\", \"privateKey\": \""
              + key(commons, 2)
              + "\"}]}");
      DevnetAccounts accounts = DevnetAccounts.read(file);
      try (ApiNode node =
          commons.startApi(
              directory.resolve("index"),
              CommonsScenario.settings().build(),
              Optional.empty(),
              Optional.of(accounts))) {
        ApiClient api = new ApiClient(node.server().baseUri());
        String alice = commons.alice().getAddress().toLowerCase();
        String bob = commons.bob().getAddress().toLowerCase();

        JsonNode demo = ok(api.get("/v1/devnet/accounts"));
        assertThat(demo).extracting(a -> a.get("label").asText()).containsExactly("alice", "bob");
        assertThat(demo.get(0).has("privateKey")).isFalse();
        assertThat(demo.get(0).has("delegate")).isFalse();

        ok(api.post("/v1/devnet/accounts/" + alice + "/delegate", Map.of("delegatee", alice)));
        ok(api.post("/v1/devnet/accounts/" + bob + "/delegate", Map.of("delegatee", bob)));
        ok(api.post("/v1/devnet/time", Map.of("seconds", 1)));
        JsonNode submitted = ok(api.post("/v1/devnet/accounts/" + alice + "/proposals", draft()));
        String id = submitted.get("proposalId").asText();

        advance(api, GovernanceChain.PARAMETERS.votingDelay().toSeconds() + 1);
        node.indexNow();
        assertThat(ok(api.get("/v1/proposals/" + id)).at("/summary/state").asText())
            .isEqualTo("ACTIVE");
        ok(
            api.post(
                "/v1/devnet/accounts/" + alice + "/vote", Map.of("proposalId", id, "support", 1)));
        ok(
            api.post(
                "/v1/devnet/accounts/" + bob + "/vote", Map.of("proposalId", id, "support", 2)));
        advance(api, GovernanceChain.PARAMETERS.votingPeriod().toSeconds() + 1);
        node.indexNow();
        assertThat(ok(api.get("/v1/proposals/" + id)).at("/summary/state").asText())
            .isEqualTo("SUCCEEDED");
        ok(api.post("/v1/devnet/proposals/" + id + "/queue", "{}"));
        advance(api, GovernanceChain.PARAMETERS.timelockDelay().toSeconds() + 1);
        ok(api.post("/v1/devnet/proposals/" + id + "/execute", "{}"));
        node.indexNow();

        JsonNode proposal = ok(api.get("/v1/proposals/" + id));
        assertThat(proposal.at("/summary/state").asText()).isEqualTo("EXECUTED");
        assertThat(proposal.at("/summary/votes/abstainVotes").asText())
            .isEqualTo(GovernanceChain.HOLDING.toString());
        JsonNode jobs = ok(api.get("/v1/jobs")).get("items");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("proposalId").asText()).isEqualTo(id);
        assertThat(jobs.get(0).at("/model/name").asText()).isEqualTo("Demo model");
        assertThat(ok(api.get("/v1/network")).at("/capabilities/devnet").asBoolean()).isTrue();
      }
    }
  }

  private static void advance(ApiClient api, long seconds) {
    ok(api.post("/v1/devnet/time", Map.of("seconds", seconds)));
  }

  private static Map<String, Object> draft() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Demo model");
    body.put("community", "demo");
    body.put("summary", "Made from the devnet's demo page.");
    body.put("model", Map.of("name", "nano"));
    body.put("seed", "11");
    body.put(
        "dataset",
        Map.of(
            "root",
            "0x" + "ab".repeat(32),
            "manifestHash",
            "0x" + "cd".repeat(32),
            "bytes",
            5_000,
            "locations",
            List.of("http://127.0.0.1:8545/data")));
    body.put("totalSteps", 100);
    body.put("segmentLength", 50);
    body.put("rewardPerSegment", "10000000000000000000");
    body.put("minWorkerStake", "1000000000000000000000");
    return body;
  }

  private static String key(CommonsScenario commons, int account) {
    return Numeric.toHexStringWithPrefixZeroPadded(
        commons.chain.account(account).getEcKeyPair().getPrivateKey(), 64);
  }

  private static JsonNode ok(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
