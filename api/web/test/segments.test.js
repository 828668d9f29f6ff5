import { describe, expect, it } from 'vitest';
import { segmentStages } from '../src/lib/segments.js';

const at = (time) => ({ block: 1, time, transaction: '0x' });
const statuses = (stages) => stages.map((s) => `${s.key}:${s.status}`);

describe('segmentStages', () => {
  it('shows a claimed segment as training toward its commit', () => {
    const s = { status: 'CLAIMED', timeline: { claimed: at(10) }, disputes: [] };
    expect(statuses(segmentStages(s, 600, 20))).toEqual(['claimed:done', 'committed:current', 'audited:upcoming', 'final:upcoming']);
  });
  it('is in audit while the challenge window is open', () => {
    const s = { status: 'COMMITTED', timeline: { claimed: at(10), committed: at(20) }, disputes: [] };
    const stages = segmentStages(s, 600, 100);
    expect(statuses(stages)).toEqual(['claimed:done', 'committed:done', 'audited:current', 'final:upcoming']);
    expect(stages[2].time).toBe(620);
  });
  it('counts as audited once the window closed without a dispute', () => {
    const s = { status: 'COMMITTED', timeline: { claimed: at(10), committed: at(20) }, disputes: [] };
    expect(segmentStages(s, 600, 700)[2].status).toBe('done');
  });
  it('is final when finalized or rewarded', () => {
    const s = { status: 'REWARDED', timeline: { claimed: at(10), committed: at(20), finalized: at(700), rewarded: at(710) }, disputes: [] };
    expect(statuses(segmentStages(s, 600, 800))).toEqual(['claimed:done', 'committed:done', 'audited:done', 'final:done']);
  });
  it('takes the disputed road to its outcome', () => {
    const fraud = { status: 'FRAUD', timeline: { claimed: at(10), committed: at(20) }, disputes: ['3'] };
    expect(statuses(segmentStages(fraud, 600, 100))).toEqual(['claimed:done', 'committed:done', 'disputed:done', 'outcome:failed']);
    const open = { status: 'COMMITTED', timeline: { claimed: at(10), committed: at(20) }, disputes: ['4'] };
    expect(segmentStages(open, 600, 100)[3]).toMatchObject({ label: 'Awaiting verdict', status: 'current' });
    const upheld = { status: 'FINALIZED', timeline: { claimed: at(10), committed: at(20), finalized: at(900) }, disputes: ['5'] };
    expect(segmentStages(upheld, 600, 1000)[3]).toMatchObject({ label: 'Upheld · final', status: 'done' });
  });
  it('shows segments voided by an earlier fraud as voided', () => {
    const s = { status: 'COMPENSATED', timeline: { claimed: at(10), committed: at(20), voided: at(30), compensated: at(40) }, disputes: [] };
    expect(statuses(segmentStages(s, 600, 100))).toEqual(['claimed:done', 'committed:done', 'voided:failed']);
  });
});
