import { describe, expect, it } from 'vitest';
import { draftRequest, EMPTY_FORM, estimate, formField, localProblems, randomSeed } from '../src/lib/proposal-form.js';

const ONE = 10n ** 18n;
const valid = {
  ...EMPTY_FORM,
  name: 'Tiny Shakespeare',
  community: 'bards',
  datasetRoot: '0x' + 'ab'.repeat(32),
  manifestHash: '0x' + 'cd'.repeat(32),
  datasetBytes: '1,000,000',
  locations: 'http://127.0.0.1:9000\nhttps://data.example.org/x',
  totalSteps: '200',
  segmentLength: '50',
  reward: '2.5',
  minStake: '1000',
  seed: '7',
};
const nano = { name: 'nano', tokensPerStep: 512, config: { parameters: 136960 } };

describe('the propose form', () => {
  it('has no problems when complete', () => {
    expect(localProblems(valid)).toEqual({});
  });
  it('names every missing or malformed field', () => {
    const problems = localProblems({ ...EMPTY_FORM, totalSteps: '120', segmentLength: '50', reward: 'x' });
    expect(Object.keys(problems).sort()).toEqual(
      ['community', 'datasetBytes', 'datasetRoot', 'locations', 'manifestHash', 'name', 'reward', 'totalSteps'].sort(),
    );
    expect(problems.totalSteps).toContain('multiple of the segment length');
  });
  it('builds the API request with amounts in base units', () => {
    const request = draftRequest({ ...valid, challengeHours: '2' });
    expect(request).toMatchObject({
      name: 'Tiny Shakespeare',
      model: { name: 'nano' },
      seed: '7',
      totalSteps: 200,
      segmentLength: 50,
      rewardPerSegment: (2n * ONE + ONE / 2n).toString(),
      minWorkerStake: (1000n * ONE).toString(),
      challengeWindowSeconds: 7200,
    });
    expect(request.dataset).toEqual({
      root: valid.datasetRoot,
      manifestHash: valid.manifestHash,
      bytes: 1_000_000,
      locations: ['http://127.0.0.1:9000', 'https://data.example.org/x'],
    });
  });
  it('estimates the budget as reward times segments, and the training tokens', () => {
    const e = estimate(valid, nano);
    expect(e.segments).toBe(4);
    expect(e.budget).toBe(10n * ONE);
    expect(e.perStep).toBe((10n * ONE) / 200n);
    expect(e.trainingTokens).toBe(512n * 200n);
  });
  it('estimates nothing it cannot know yet', () => {
    expect(estimate({ ...valid, totalSteps: '' }, nano).budget).toBeNull();
  });
  it('maps the API field errors back to the inputs', () => {
    expect(formField('dataset.locations.1')).toBe('locations');
    expect(formField('rewardPerSegment')).toBe('reward');
    expect(formField('proposal')).toBeNull();
  });
  it('makes unsigned 64-bit seeds', () => {
    const seed = BigInt(randomSeed());
    expect(seed >= 0n && seed < 2n ** 64n).toBe(true);
  });
});
