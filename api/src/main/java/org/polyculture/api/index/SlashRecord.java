package org.polyculture.api.index;

import java.math.BigInteger;
import org.polyculture.governance.index.ChainMoment;

/** Stake taken from an account (a worker found at fault, a juror penalised). */
public record SlashRecord(
    long sequence, String account, BigInteger amount, String recipient, ChainMoment at) {}
