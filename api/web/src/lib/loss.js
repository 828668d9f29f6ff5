// A job's loss curve as it fills in: pages of GET /v1/jobs/{id}/loss merged into one view, and
// where the next poll should start (the first segment that is not yet available). Pure functions,
// unit-tested in test/loss.test.js.

export function emptyCurve() {
  return { segments: new Map(), points: new Map() };
}

/** Merges one API page into the curve (returns a new curve; the old one is not changed). */
export function mergeCurve(curve, page) {
  const segments = new Map(curve.segments);
  const points = new Map(curve.points);
  for (const s of page.segments ?? []) {
    segments.set(Number(s.segment), { availability: s.availability, meanLoss: s.meanLoss });
  }
  for (const p of page.points ?? []) {
    points.set(Number(p.step), p.loss);
  }
  return { segments, points };
}

/**
 * The first segment to ask for: the lowest one the curve does not have as AVAILABLE (segments
 * already available never change: their losses are checked against the commitment).
 */
export function resumeFrom(curve) {
  let index = 0;
  while (curve.segments.get(index)?.availability === 'AVAILABLE') index++;
  return index;
}

/** The chart's series: steps and losses in step order. */
export function series(curve) {
  const steps = [...curve.points.keys()].sort((a, b) => a - b);
  return { steps, losses: steps.map((s) => curve.points.get(s)) };
}

/** Per-segment means in segment order, for the table and the per-segment chart. */
export function segmentMeans(curve) {
  return [...curve.segments.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([segment, s]) => ({ segment, ...s }));
}

/** Counts of segments by availability. */
export function availability(curve) {
  const counts = { AVAILABLE: 0, PENDING: 0, UNAVAILABLE: 0, NOT_COMMITTED: 0 };
  for (const s of curve.segments.values()) counts[s.availability] = (counts[s.availability] ?? 0) + 1;
  return counts;
}
