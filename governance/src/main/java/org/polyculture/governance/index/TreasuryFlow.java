package org.polyculture.governance.index;

import java.math.BigInteger;

/**
 * A token movement into or out of the treasury (the timelock): its funding at deployment, job
 * escrows paid by executed proposals, anything sent to it.
 *
 * @param inflow true when tokens came in
 */
public record TreasuryFlow(
    long sequence, boolean inflow, String counterparty, BigInteger amount, ChainMoment moment) {}
