// The API client: JSON over fetch, same origin (the API serves this UI; `npm run dev` proxies).
// Every error becomes an ApiError whose message a person can read: RFC 9457 problem details from
// the API (title, detail, per-field errors, relay reasons), or what went wrong on the way.

const REASONS = {
  MALFORMED_SIGNATURE: 'The signature is malformed.',
  WRONG_SIGNER: 'The signature was made by another account than the one voting.',
  UNKNOWN_PROPOSAL: 'There is no such proposal.',
  PROPOSAL_NOT_ACTIVE: 'Voting on this proposal is not open.',
  NONCE_USED: 'This signature was already used; sign again.',
  NONCE_AHEAD: 'The signature is for a later nonce; sign again.',
  ALREADY_VOTED: 'This account has already voted on this proposal.',
  RELAY_BUSY: 'The relay is busy; try again in a moment.',
  CHAIN_REFUSED: 'The chain refused the transaction.',
  NO_VOTING_POWER: 'This account had no voting power at the proposal’s snapshot. Delegate first (to yourself) — votes count from the next proposal.',
  EXPIRED: 'The signature has expired; sign again.',
  ALREADY_DELEGATED: 'This account already delegates to that address.',
};

export class ApiError extends Error {
  /**
   * @param {string} message what to tell the person
   * @param {{status?: number, title?: string, detail?: string, reason?: string,
   *          errors?: {field: string, message: string}[], type?: string}} problem
   */
  constructor(message, problem = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = problem.status ?? 0;
    this.title = problem.title;
    this.detail = problem.detail;
    this.reason = problem.reason;
    this.type = problem.type;
    this.fieldErrors = problem.errors ?? [];
  }

  /** The field errors for one field path (or its children: "model" matches "model.name"). */
  forField(field) {
    return this.fieldErrors.filter((e) => e.field === field || e.field.startsWith(field + '.'));
  }
}

/** The sentence to show for a problem document (RFC 9457). */
export function problemMessage(problem) {
  if (!problem || typeof problem !== 'object') return 'The server answered with an error.';
  const reason = problem.reason && REASONS[problem.reason];
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  const parts = [];
  if (reason) parts.push(reason);
  if (problem.detail && !fields.length) parts.push(problem.detail);
  else if (!reason && problem.title) parts.push(problem.title + '.');
  if (fields.length) parts.push(fields.join('; '));
  if (problem.status === 429) parts.push('Too many requests from here; wait a moment.');
  const text = parts.join(' ').replace(/\.\./g, '.').trim();
  return text || `The server answered ${problem.status ?? 'with an error'}.`;
}

async function parse(response, path) {
  const type = response.headers.get('content-type') ?? '';
  if (response.ok) {
    if (type.includes('json')) return response.json();
    throw new ApiError(`Unexpected answer from ${path} (${type || 'no content type'}).`, {
      status: response.status,
    });
  }
  if (type.includes('json')) {
    const problem = await response.json().catch(() => null);
    if (problem) throw new ApiError(problemMessage(problem), { ...problem, status: response.status });
  }
  throw new ApiError(`The server answered ${response.status} ${response.statusText} for ${path}.`, {
    status: response.status,
  });
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError('The API cannot be reached. Is `polyculture api` running?', { status: 0 });
  }
  return parse(response, path);
}

/** GET path → parsed JSON. */
export function get(path, { signal } = {}) {
  return send(path, { headers: { Accept: 'application/json' }, signal });
}

/** POST a JSON body → parsed JSON. */
export function post(path, body) {
  return send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

/** A query string of the defined values: {a: 1, b: undefined} → "?a=1". */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (!entries.length) return '';
  return '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
