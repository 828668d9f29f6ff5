import { describe, expect, it } from 'vitest';
import { availability, emptyCurve, mergeCurve, resumeFrom, series } from '../src/lib/loss.js';

const page = (segments, points) => ({ segments, points });

describe('loss curve', () => {
  it('resumes from the first segment that is not available yet', () => {
    let curve = mergeCurve(
      emptyCurve(),
      page(
        [
          { segment: 0, availability: 'AVAILABLE', meanLoss: 5 },
          { segment: 1, availability: 'PENDING' },
          { segment: 2, availability: 'AVAILABLE', meanLoss: 4 },
        ],
        [
          { step: 0, loss: 5.1 },
          { step: 1, loss: 4.9 },
        ],
      ),
    );
    expect(resumeFrom(curve)).toBe(1);
    curve = mergeCurve(curve, page([{ segment: 1, availability: 'AVAILABLE', meanLoss: 4.5 }], [{ step: 3, loss: 4.6 }]));
    expect(resumeFrom(curve)).toBe(3);
    expect(availability(curve).AVAILABLE).toBe(3);
  });
  it('plots steps in order, whatever order pages arrive in', () => {
    let curve = mergeCurve(emptyCurve(), page([], [{ step: 10, loss: 3 }]));
    curve = mergeCurve(curve, page([], [{ step: 2, loss: 4 }]));
    expect(series(curve)).toEqual({ steps: [2, 10], losses: [4, 3] });
  });
  it('does not change the curve it merges into', () => {
    const before = emptyCurve();
    mergeCurve(before, page([{ segment: 0, availability: 'AVAILABLE' }], [{ step: 0, loss: 1 }]));
    expect(before.points.size).toBe(0);
    expect(before.segments.size).toBe(0);
  });
});
