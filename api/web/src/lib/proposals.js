// What a proposal page derives from the API's proposal: the vote split, the quorum bar, the
// timeline steps (created → active → succeeded/defeated → queued → executed) and which actions are
// open now. Pure functions, unit-tested in test/proposals.test.js.
import { big } from './format.js';

export const SUPPORT = [
  { code: 1, key: 'FOR', label: 'For', field: 'forVotes' },
  { code: 0, key: 'AGAINST', label: 'Against', field: 'againstVotes' },
  { code: 2, key: 'ABSTAIN', label: 'Abstain', field: 'abstainVotes' },
];

const STATE_LABELS = {
  PENDING: 'Pending',
  ACTIVE: 'Active',
  CANCELED: 'Canceled',
  DEFEATED: 'Defeated',
  SUCCEEDED: 'Succeeded',
  QUEUED: 'Queued',
  EXPIRED: 'Expired',
  EXECUTED: 'Executed',
};

export function stateLabel(state) {
  return STATE_LABELS[state] ?? state;
}

/** The colour family of a state's badge. */
export function stateTone(state) {
  switch (state) {
    case 'ACTIVE':
      return 'active';
    case 'SUCCEEDED':
    case 'QUEUED':
    case 'EXECUTED':
      return 'good';
    case 'DEFEATED':
    case 'CANCELED':
    case 'EXPIRED':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** Each side's votes and share of all votes cast, in basis points (shares sum to ≤ 10000). */
export function voteSplit(tally) {
  const values = SUPPORT.map((s) => big(tally?.[s.field]));
  const total = values.reduce((a, b) => a + b, 0n);
  return SUPPORT.map((s, i) => ({
    ...s,
    votes: values[i],
    bps: total === 0n ? 0 : Number((values[i] * 10000n) / total),
  }));
}

/**
 * The quorum bar: votes that count toward quorum (For + Abstain, as OpenZeppelin's
 * GovernorCountingSimple counts), the quorum, and progress in basis points (capped at 10000).
 */
export function quorumProgress(summary) {
  const counted = big(summary?.votes?.forVotes) + big(summary?.votes?.abstainVotes);
  const quorum = summary?.quorum === undefined ? null : big(summary.quorum);
  const progress = summary?.quorumProgressBps ?? 0;
  return { counted, quorum, progressBps: Math.min(10000, progress), reached: progress >= 10000 };
}

function entry(timeline, event) {
  return (timeline ?? []).find((e) => e.event === event);
}

/**
 * The steps of a proposal's life for the timeline: each {key, label, time, status, at}, status one
 * of done, current, upcoming, failed, skipped.
 */
export function timelineSteps(detail) {
  const state = detail.summary.state;
  const timeline = detail.timeline ?? [];
  const created = entry(timeline, 'created');
  const opens = entry(timeline, 'voting-opens');
  const closes = entry(timeline, 'voting-closes');
  const queued = entry(timeline, 'queued');
  const executable = entry(timeline, 'executable');
  const executed = entry(timeline, 'executed');
  const canceled = entry(timeline, 'canceled');

  const steps = [];
  steps.push({
    key: 'created',
    label: 'Created',
    time: created?.time ?? detail.summary.created?.time,
    status: 'done',
    at: created?.at ?? detail.summary.created,
  });
  if (state === 'CANCELED') {
    steps.push({ key: 'canceled', label: 'Canceled', time: canceled?.time, status: 'failed', at: canceled?.at });
    return steps;
  }
  const votingOpen = state !== 'PENDING';
  steps.push({
    key: 'active',
    label: state === 'ACTIVE' ? 'Voting open' : votingOpen ? 'Voting opened' : 'Voting opens',
    time: opens?.time ?? detail.summary.voteStart,
    status: state === 'ACTIVE' ? 'current' : votingOpen ? 'done' : 'upcoming',
  });
  const decided = ['SUCCEEDED', 'QUEUED', 'EXECUTED', 'EXPIRED', 'DEFEATED'].includes(state);
  const passed = state !== 'DEFEATED';
  steps.push({
    key: 'outcome',
    label: !decided ? 'Voting ends' : passed ? 'Succeeded' : 'Defeated',
    time: closes?.time ?? detail.summary.voteEnd,
    status: !decided ? 'upcoming' : passed ? (state === 'SUCCEEDED' ? 'current' : 'done') : 'failed',
  });
  if (state === 'DEFEATED') return steps;
  const isQueued = ['QUEUED', 'EXECUTED', 'EXPIRED'].includes(state);
  steps.push({
    key: 'queued',
    label: isQueued ? 'Queued' : 'Queue',
    time: queued?.time,
    status: isQueued ? (state === 'QUEUED' ? 'current' : 'done') : 'upcoming',
    at: queued?.at,
    detail: executable && state === 'QUEUED' ? { executableAt: executable.time, ready: executable.reached } : undefined,
  });
  if (state === 'EXPIRED') {
    steps.push({ key: 'expired', label: 'Expired', time: executable?.time, status: 'failed' });
    return steps;
  }
  steps.push({
    key: 'executed',
    label: state === 'EXECUTED' ? 'Executed' : 'Execute',
    time: executed?.time ?? executable?.time,
    status: state === 'EXECUTED' ? 'done' : 'upcoming',
    at: executed?.at,
  });
  return steps;
}

/**
 * What can be done on the proposal now: vote while ACTIVE (if the account has not voted), queue
 * once SUCCEEDED, execute once QUEUED and its delay has passed (chain time ≥ eta).
 */
export function openActions(summary, chainTime, hasVoted) {
  const state = summary.state;
  return {
    vote: state === 'ACTIVE' && !hasVoted,
    queue: state === 'SUCCEEDED',
    execute: state === 'QUEUED' && summary.eta !== undefined && Number(chainTime) >= Number(summary.eta),
    executeAt: state === 'QUEUED' ? summary.eta : undefined,
  };
}
