package org.polyculture.protocol.economics;

/**
 * What opening a dispute is worth to the challenger, per dispute, in POLY.
 *
 * @param honestMajority probability that a drawn jury has an honest majority
 * @param fraudChallengeValue expected gain of challenging a real fraud: the finder's share of the
 *     slash when the jury convicts, minus the bond when a dishonest majority acquits
 * @param griefingValue expected gain of challenging an honest worker (the bond is lost unless a
 *     dishonest majority convicts)
 * @param selfReportValue what a cheater gets back by reporting itself through a second identity:
 *     the finder's share minus the slash (never positive while the share is below the whole)
 */
public record ChallengeEconomics(
    double honestMajority,
    double fraudChallengeValue,
    double griefingValue,
    double selfReportValue) {}
