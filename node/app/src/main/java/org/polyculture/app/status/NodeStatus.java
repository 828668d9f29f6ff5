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
 * @param stake what it says of its stake, in token base units and chain seconds: {@code bonded},
 *     and where it knows them {@code unbonding}, {@code lockedUntil} and {@code openDisputes}
 * @param segments a worker's segments by where they stand (claimed, committed, final, voided,
 *     fraud, abandoned) or a verifier's audits by result
 * @param phases a worker's segments by the phase it stores them in (empty for other nodes)
 * @param disputes dispute figures: open, opened, won, lost, jury duties (those the node knows)
 * @param indexer head block seen and lag in blocks, from its metrics
 * @param detail what the node is doing now, when it says
 * @param health the node's own health document
 */
public record NodeStatus(
    String url,
    String role,
    boolean healthy,
    Optional<String> account,
    Map<String, String> stake,
    Map<String, Long> segments,
    Map<String, Long> phases,
    Map<String, Long> disputes,
    Map<String, Long> indexer,
    Optional<String> detail,
    JsonNode health) {

  public NodeStatus {
    stake = Collections.unmodifiableMap(new LinkedHashMap<>(stake));
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    disputes = Collections.unmodifiableMap(new LinkedHashMap<>(disputes));
    indexer = Collections.unmodifiableMap(new LinkedHashMap<>(indexer));
  }

  /** Its bonded stake in token base units, when it says. */
  public Optional<String> bondedStake() {
    return Optional.ofNullable(stake.get("bonded"));
  }
}
