import { describe, expect, it } from 'vitest';
import { compile, resolve } from '../src/lib/router.js';

describe('router', () => {
  it('matches parameters and decodes them', () => {
    expect(compile('/jobs/:id/segments/:index')('/jobs/3/segments/12')).toEqual({ id: '3', index: '12' });
    expect(compile('/participants/:address')('/participants/0xab%43')).toEqual({ address: '0xabC' });
  });
  it('accepts a trailing slash and nothing longer', () => {
    expect(compile('/jobs/:id')('/jobs/3/')).toEqual({ id: '3' });
    expect(compile('/jobs/:id')('/jobs/3/x')).toBeNull();
  });
  it('picks the first matching route', () => {
    const routes = [{ name: 'a', match: compile('/jobs') }, { name: 'b', match: compile('/jobs/:id') }];
    expect(resolve(routes, '/jobs/1').route.name).toBe('b');
    expect(resolve(routes, '/nope')).toBeNull();
  });
});
