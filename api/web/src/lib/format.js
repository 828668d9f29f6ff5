// Readable numbers: token amounts (base units as decimal strings from the API), counts, shares,
// durations and chain times. Pure functions, unit-tested in test/format.test.js.

const GROUPED = new Intl.NumberFormat('en-US');

/** A big integer from the API (decimal string or number); 0n when absent. */
export function big(value) {
  if (value === undefined || value === null || value === '') return 0n;
  return typeof value === 'bigint' ? value : BigInt(value);
}

/**
 * A token amount in base units as a decimal with thousands separators, at most `digits` fraction
 * digits, truncated toward zero (never rounds a balance up): 1234500000000000000000n → "1,234.5".
 */
export function tokens(value, decimals = 18, digits = 2) {
  const amount = big(value);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const unit = 10n ** BigInt(decimals);
  const whole = magnitude / unit;
  let fraction = (magnitude % unit).toString().padStart(decimals, '0').slice(0, digits);
  fraction = fraction.replace(/0+$/, '');
  const text = GROUPED.format(whole) + (fraction ? '.' + fraction : '');
  if (negative && text !== '0') return '-' + text;
  if (magnitude > 0n && text === '0') return '<' + (digits > 0 ? '0.' + '0'.repeat(digits - 1) + '1' : '1');
  return text;
}

/** A token amount shortened for tight places: 30000000 POLY → "30M". */
export function tokensCompact(value, decimals = 18) {
  const whole = big(value) / 10n ** BigInt(decimals);
  return compact(whole);
}

/** A count shortened: 1234 → "1.2K", 30000000 → "30M". */
export function compact(value) {
  const n = typeof value === 'bigint' ? value : big(value);
  const abs = n < 0n ? -n : n;
  const units = [
    [10n ** 12n, 'T'],
    [10n ** 9n, 'B'],
    [10n ** 6n, 'M'],
    [10n ** 3n, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const tenths = (n * 10n) / size;
      const whole = tenths / 10n;
      const rest = (tenths < 0n ? -tenths : tenths) % 10n;
      return (rest === 0n || abs >= size * 100n ? whole.toString() : `${whole}.${rest}`) + suffix;
    }
  }
  return n.toString();
}

/** A whole number with separators: 136960 → "136,960". */
export function count(value) {
  if (value === undefined || value === null) return '—';
  return GROUPED.format(big(value));
}

/** Basis points as a percentage: 4250 → "42.5%". */
export function bps(value) {
  const n = Number(value ?? 0);
  const percent = n / 100;
  return (Number.isInteger(percent) ? percent.toFixed(0) : percent.toFixed(1).replace(/\.0$/, '')) + '%';
}

/** part / whole as a percentage with one decimal, "0%" when whole is 0. */
export function share(part, whole) {
  const w = big(whole);
  if (w === 0n) return '0%';
  return bps(Number((big(part) * 10000n) / w));
}

/** 0x1234…abcd. */
export function shortAddress(address) {
  if (!address) return '—';
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** 0x12345678…; for hashes in tables. */
export function shortHash(hash, keep = 10) {
  if (!hash) return '—';
  return hash.length > keep + 2 ? `${hash.slice(0, keep)}…` : hash;
}

/** A duration in seconds, as its two largest units: 93784 → "1d 2h", 45 → "45s". */
export function duration(seconds) {
  let s = Math.max(0, Math.floor(Number(seconds)));
  const parts = [];
  for (const [size, unit] of [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ]) {
    if (s >= size || (unit === 's' && parts.length === 0)) {
      parts.push(Math.floor(s / size) + unit);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A chain time relative to now (both in seconds): "in 2h 5m", "3m ago". */
export function relative(time, now) {
  if (!now) return absolute(time);
  const delta = Number(time) - Number(now);
  if (Math.abs(delta) < 1) return 'now';
  return delta > 0 ? `in ${duration(delta)}` : `${duration(-delta)} ago`;
}

/** A chain time (seconds since the epoch) in UTC: "2026-11-28 19:04 UTC". */
export function absolute(time) {
  if (time === undefined || time === null) return '—';
  const date = new Date(Number(time) * 1000);
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A loss value: four significant decimals. */
export function loss(value) {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  return value.toFixed(4);
}

/** Sentence case for enum names: WORKER_AT_FAULT → "Worker at fault". */
export function enumLabel(value) {
  if (!value) return '';
  const text = String(value).toLowerCase().replaceAll('_', ' ').replaceAll('-', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Parses a decimal token amount typed by a person ("1,000.5") into base units; null if invalid. */
export function parseTokens(text, decimals = 18) {
  const clean = String(text ?? '').replaceAll(',', '').replaceAll('_', '').trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(clean);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return BigInt(match[1]) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
