import { describe, expect, it } from 'vitest';
import { ApiError, problemMessage, query } from '../src/lib/api.js';

describe('problem messages', () => {
  it('explains a relay refusal by its reason', () => {
    expect(problemMessage({ status: 422, title: 'Unprocessable', reason: 'NO_VOTING_POWER' })).toContain('Delegate first');
  });
  it('lists field errors', () => {
    const text = problemMessage({
      status: 400,
      title: 'Invalid request',
      errors: [
        { field: 'dataset.root', message: 'must be 0x and 64 hex digits' },
        { field: 'seed', message: 'must be an unsigned 64-bit decimal' },
      ],
    });
    expect(text).toBe('Invalid request. dataset.root: must be 0x and 64 hex digits; seed: must be an unsigned 64-bit decimal');
  });
  it('prefers the detail of this occurrence over the generic title', () => {
    expect(problemMessage({ status: 404, title: 'Not found', detail: 'no proposal 7' })).toBe('no proposal 7');
  });
  it('finds the errors of a field and its children', () => {
    const error = new ApiError('x', { errors: [{ field: 'model.name', message: 'unknown' }, { field: 'seed', message: 'bad' }] });
    expect(error.forField('model')).toHaveLength(1);
  });
});

describe('query', () => {
  it('leaves out undefined values and encodes the rest', () => {
    expect(query({ a: 1, b: undefined, c: '', d: 'x y' })).toBe('?a=1&d=x%20y');
    expect(query({})).toBe('');
  });
});
