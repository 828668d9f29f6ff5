package org.polyculture.app.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A node at a glance, as {@code polyculture status} prints it.
 *
 * @param url where the node was asked
 * @param role worker, verifier or api (what its endpoints say it is)
 * @param healthy whether it answered its health check with a success
 * @param account its chain account, when it says
 * @param bondedStake its bonded stake in token base units, when it says
 * @param segments segments by phase (worker) or audits by result (verifier)
 * @param disputes dispute figures: disputes it is in, opened, won, lost, jury duties
 * @param indexer head block seen and lag in blocks, from its metrics
 * @param detail what the node is doing now, when it says
 * @param health the node's own health document
 */
public record NodeStatus(
    String url,
    String role,
    boolean healthy,
    Optional<String> account,
    Optional<String> bondedStake,
    Map<String, Long> segments,
    Map<String, Long> disputes,
    Map<String, Long> indexer,
    Optional<String> detail,
    JsonNode health) {

  public NodeStatus {
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    disputes = Collections.unmodifiableMap(new LinkedHashMap<>(disputes));
    indexer = Collections.unmodifiableMap(new LinkedHashMap<>(indexer));
  }
}
