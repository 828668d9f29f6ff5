package org.polyculture.verifier.report;

import java.util.Objects;

/**
 * The verifier's own stake as the Staking contract holds it, for the report. Amounts are token base
 * units as decimal strings; times are chain timestamps in seconds (0 when not set).
 *
 * @param bonded stake bonded now: what a jury seat needs, and what a slash reaches first
 * @param unbonding stake requested back and not yet withdrawn (still slashable)
 * @param unbondingReleaseAt when the unbonding stake may be withdrawn
 * @param lockedUntil until when the stake may not be unbonded
 * @param openDisputes open disputes that lock the stake (jury seats, or disputes against it)
 */
public record VerifierStake(
    String bonded, String unbonding, long unbondingReleaseAt, long lockedUntil, long openDisputes) {

  public VerifierStake {
    Objects.requireNonNull(bonded, "bonded");
    Objects.requireNonNull(unbonding, "unbonding");
  }
}
