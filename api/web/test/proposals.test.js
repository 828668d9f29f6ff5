import { describe, expect, it } from 'vitest';
import { openActions, quorumProgress, timelineSteps, voteSplit } from '../src/lib/proposals.js';

function detail(state, extra = {}) {
  return {
    summary: {
      id: '42',
      state,
      votes: { forVotes: '0', againstVotes: '0', abstainVotes: '0', voters: 0 },
      voteStart: 100,
      voteEnd: 200,
      created: { block: 1, time: 50, transaction: '0xaa' },
      quorumProgressBps: 0,
      jobIds: [],
      ...extra,
    },
    timeline: [
      { event: 'created', time: 50, reached: true },
      { event: 'voting-opens', time: 100, reached: state !== 'PENDING' },
      { event: 'voting-closes', time: 200, reached: !['PENDING', 'ACTIVE'].includes(state) },
    ],
  };
}

const statuses = (steps) => steps.map((s) => `${s.key}:${s.status}`);

describe('timelineSteps', () => {
  it('marks voting as current while a proposal is active', () => {
    expect(statuses(timelineSteps(detail('ACTIVE')))).toEqual([
      'created:done',
      'active:current',
      'outcome:upcoming',
      'queued:upcoming',
      'executed:upcoming',
    ]);
  });
  it('ends at a failed outcome when defeated', () => {
    const steps = timelineSteps(detail('DEFEATED'));
    expect(statuses(steps)).toEqual(['created:done', 'active:done', 'outcome:failed']);
    expect(steps[2].label).toBe('Defeated');
  });
  it('runs to executed', () => {
    expect(statuses(timelineSteps(detail('EXECUTED')))).toEqual([
      'created:done',
      'active:done',
      'outcome:done',
      'queued:done',
      'executed:done',
    ]);
  });
  it('says when a queued proposal becomes executable', () => {
    const d = detail('QUEUED');
    d.timeline.push({ event: 'queued', time: 210, reached: true }, { event: 'executable', time: 300, reached: false });
    const queued = timelineSteps(d).find((s) => s.key === 'queued');
    expect(queued.status).toBe('current');
    expect(queued.detail).toEqual({ executableAt: 300, ready: false });
  });
  it('stops at canceled', () => {
    expect(statuses(timelineSteps(detail('CANCELED')))).toEqual(['created:done', 'canceled:failed']);
  });
});

describe('votes and quorum', () => {
  it('splits votes by side in basis points', () => {
    const split = voteSplit({ forVotes: '3', againstVotes: '1', abstainVotes: '0' });
    expect(split.map((s) => [s.key, s.bps])).toEqual([
      ['FOR', 7500],
      ['AGAINST', 2500],
      ['ABSTAIN', 0],
    ]);
  });
  it('has no shares before anyone votes', () => {
    expect(voteSplit(undefined).every((s) => s.bps === 0)).toBe(true);
  });
  it('counts For and Abstain toward the quorum, as the governor does', () => {
    const q = quorumProgress({ votes: { forVotes: '30', againstVotes: '50', abstainVotes: '10' }, quorum: '40', quorumProgressBps: 10000 });
    expect(q.counted).toBe(40n);
    expect(q.reached).toBe(true);
  });
  it('leaves the quorum unknown before the snapshot', () => {
    expect(quorumProgress({ votes: {}, quorumProgressBps: 0 }).quorum).toBeNull();
  });
});

describe('openActions', () => {
  it('offers execution only once chain time reaches the eta', () => {
    expect(openActions({ state: 'QUEUED', eta: 500 }, 499, false).execute).toBe(false);
    expect(openActions({ state: 'QUEUED', eta: 500 }, 500, false).execute).toBe(true);
  });
  it('offers a vote only to accounts that have not voted', () => {
    expect(openActions({ state: 'ACTIVE' }, 0, false).vote).toBe(true);
    expect(openActions({ state: 'ACTIVE' }, 0, true).vote).toBe(false);
  });
  it('offers queueing once succeeded', () => {
    expect(openActions({ state: 'SUCCEEDED' }, 0, false).queue).toBe(true);
    expect(openActions({ state: 'DEFEATED' }, 0, false).queue).toBe(false);
  });
});
