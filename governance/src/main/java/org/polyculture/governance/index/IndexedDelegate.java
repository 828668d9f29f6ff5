package org.polyculture.governance.index;

import java.math.BigInteger;

/** An account others (or itself) delegate to: its current votes and how many delegate to it. */
public record IndexedDelegate(
    String address, BigInteger votes, long delegators, long updatedBlock) {}
