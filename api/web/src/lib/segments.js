// A segment's road: claimed → committed → audited → final, or, when a challenger disputes it,
// claimed → committed → disputed → outcome. "Audited" is the challenge window: verifiers sample
// steps (the picks are fixed by the block after the commit) and have until the window closes to
// prove fraud. Pure functions, unit-tested in test/segments.test.js.

export const STATUS_LABELS = {
  CLAIMED: 'Training',
  COMMITTED: 'Committed',
  FINALIZED: 'Final',
  REWARDED: 'Final · rewarded',
  FRAUD: 'Fraud proven',
  VOIDED: 'Voided',
  COMPENSATED: 'Voided · compensated',
  OPEN: 'Open',
};

export function statusTone(status) {
  switch (status) {
    case 'FINALIZED':
    case 'REWARDED':
      return 'good';
    case 'COMMITTED':
      return 'active';
    case 'CLAIMED':
      return 'neutral';
    case 'FRAUD':
      return 'bad';
    case 'VOIDED':
    case 'COMPENSATED':
      return 'muted';
    default:
      return 'neutral';
  }
}

/**
 * The stages of one segment: [{key, label, status: done|current|upcoming|failed, time}].
 *
 * @param segment the API's segment
 * @param challengeWindowSeconds from the job's terms (undefined when unknown)
 * @param chainTime the chain's time now (seconds)
 */
export function segmentStages(segment, challengeWindowSeconds, chainTime) {
  const t = segment.timeline ?? {};
  const status = segment.status;
  const disputed = (segment.disputes ?? []).length > 0 || status === 'FRAUD';
  const final = status === 'FINALIZED' || status === 'REWARDED';
  const voided = status === 'VOIDED' || status === 'COMPENSATED';
  const stages = [
    { key: 'claimed', label: 'Claimed', status: 'done', time: t.claimed?.time },
    {
      key: 'committed',
      label: 'Committed',
      status: t.committed ? 'done' : status === 'CLAIMED' ? 'current' : 'upcoming',
      time: t.committed?.time,
    },
  ];
  const windowEnd =
    t.committed && challengeWindowSeconds !== undefined ? t.committed.time + Number(challengeWindowSeconds) : undefined;
  if (disputed) {
    stages.push({ key: 'disputed', label: 'Disputed', status: 'done' });
    const outcome =
      status === 'FRAUD'
        ? { label: 'Fraud proven', status: 'failed' }
        : voided
          ? { label: STATUS_LABELS[status], status: 'failed', time: (t.compensated ?? t.voided)?.time }
          : final
            ? { label: 'Upheld · final', status: 'done', time: t.finalized?.time }
            : { label: 'Awaiting verdict', status: 'current' };
    stages.push({ key: 'outcome', ...outcome });
    return stages;
  }
  if (voided) {
    stages.push({ key: 'voided', label: STATUS_LABELS[status], status: 'failed', time: (t.compensated ?? t.voided)?.time });
    return stages;
  }
  const inWindow = t.committed && !final && (windowEnd === undefined || Number(chainTime) < windowEnd);
  stages.push({
    key: 'audited',
    label: inWindow ? 'In audit' : 'Audited',
    status: final || (t.committed && !inWindow) ? 'done' : inWindow ? 'current' : 'upcoming',
    time: windowEnd,
  });
  stages.push({
    key: 'final',
    label: status === 'REWARDED' ? 'Final · rewarded' : 'Final',
    status: final ? 'done' : 'upcoming',
    time: (t.rewarded ?? t.finalized)?.time,
  });
  return stages;
}

/** Counts of segments by their display status for a job's summary strip. */
export function segmentCounts(segments) {
  const counts = {};
  for (const s of segments) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return counts;
}
