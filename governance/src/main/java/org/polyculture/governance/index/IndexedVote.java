package org.polyculture.governance.index;

import java.math.BigInteger;

/** One vote: who, which way (0 against, 1 for, 2 abstain), with what weight, and why. */
public record IndexedVote(
    BigInteger proposalId,
    String voter,
    int support,
    BigInteger weight,
    String reason,
    ChainMoment cast) {}
