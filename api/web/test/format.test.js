import { describe, expect, it } from 'vitest';
import { bps, compact, count, duration, parseTokens, relative, share, shortAddress, tokens } from '../src/lib/format.js';

const ONE = 10n ** 18n;

describe('tokens', () => {
  it('groups thousands and trims trailing zeros', () => {
    expect(tokens(1234n * ONE + ONE / 2n)).toBe('1,234.5');
    expect(tokens((30_000_000n * ONE).toString())).toBe('30,000,000');
  });
  it('truncates toward zero instead of rounding a balance up', () => {
    expect(tokens(ONE - 1n)).toBe('0.99');
  });
  it('shows a tiny positive amount as less than the smallest digit, never as zero', () => {
    expect(tokens(1n)).toBe('<0.01');
    expect(tokens(0n)).toBe('0');
  });
  it('keeps the sign of negative amounts', () => {
    expect(tokens(-5n * ONE)).toBe('-5');
  });
  it('reads decimal strings beyond the range of a double exactly', () => {
    expect(tokens('123456789012345678901234567890', 18, 18)).toBe('123,456,789,012.34567890123456789');
  });
});

describe('compact and counts', () => {
  it('shortens with one decimal below 100 of a unit', () => {
    expect(compact(1234n)).toBe('1.2K');
    expect(compact(30_000_000n)).toBe('30M');
    expect(compact(136_960n)).toBe('136K');
    expect(compact(999n)).toBe('999');
  });
  it('groups whole numbers', () => {
    expect(count(85_842_432)).toBe('85,842,432');
    expect(count(undefined)).toBe('—');
  });
});

describe('shares', () => {
  it('writes basis points as percentages', () => {
    expect(bps(4250)).toBe('42.5%');
    expect(bps(10000)).toBe('100%');
    expect(bps(0)).toBe('0%');
  });
  it('divides big integers without losing precision', () => {
    expect(share(1n, 3n)).toBe('33.3%');
    expect(share(5n, 0n)).toBe('0%');
  });
});

describe('times', () => {
  it('keeps the two largest units', () => {
    expect(duration(93784)).toBe('1d 2h');
    expect(duration(45)).toBe('45s');
    expect(duration(0)).toBe('0s');
    expect(duration(3600)).toBe('1h');
  });
  it('is relative to the chain time it is given', () => {
    expect(relative(1_000 + 7_500, 1_000)).toBe('in 2h 5m');
    expect(relative(1_000, 1_180)).toBe('3m ago');
  });
});

describe('parseTokens', () => {
  it('parses amounts a person types into base units', () => {
    expect(parseTokens('1,000.5')).toBe(1000n * ONE + ONE / 2n);
    expect(parseTokens('10')).toBe(10n * ONE);
  });
  it('refuses what is not an amount', () => {
    expect(parseTokens('')).toBeNull();
    expect(parseTokens('-1')).toBeNull();
    expect(parseTokens('1e3')).toBeNull();
    expect(parseTokens('0.' + '1'.repeat(19))).toBeNull();
  });
});

describe('addresses', () => {
  it('shortens to the first and last characters', () => {
    expect(shortAddress('0x1234567890abcdef1234567890abcdef12345678')).toBe('0x1234…5678');
  });
});
