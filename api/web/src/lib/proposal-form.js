// The "propose a model" form: its fields to the API's draft request, and the cost estimate shown
// while typing (the API's draft is the authority; this is the same arithmetic, for immediate
// feedback). Pure functions, unit-tested in test/proposal-form.test.js.
import { parseTokens } from './format.js';

export const EMPTY_FORM = {
  name: '',
  community: '',
  summary: '',
  config: 'nano',
  datasetRoot: '',
  manifestHash: '',
  datasetBytes: '',
  locations: '',
  totalSteps: '1000',
  segmentLength: '50',
  reward: '10',
  minStake: '1000',
  challengeHours: '',
  seed: '',
};

const HASH = /^0x[0-9a-fA-F]{64}$/;

function integer(text) {
  const clean = String(text ?? '').replaceAll(',', '').replaceAll('_', '').trim();
  return /^\d+$/.test(clean) ? Number(clean) : null;
}

/** A random unsigned 64-bit seed, as a decimal string. */
export function randomSeed() {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
}

/** Problems the form can see by itself (the API checks everything again): {field: message}. */
export function localProblems(form, decimals = 18) {
  const problems = {};
  if (!form.name.trim()) problems.name = 'Give the model a name.';
  if (!form.community.trim()) problems.community = 'Name the community proposing it.';
  if (!HASH.test(form.datasetRoot.trim())) problems.datasetRoot = 'The dataset root is 0x and 64 hex digits.';
  if (!HASH.test(form.manifestHash.trim())) problems.manifestHash = 'The manifest hash is 0x and 64 hex digits.';
  if (!(integer(form.datasetBytes) > 0)) problems.datasetBytes = 'The dataset size in bytes, a positive number.';
  if (!locationList(form.locations).length) problems.locations = 'At least one http(s) URL that serves the dataset.';
  const total = integer(form.totalSteps);
  const length = integer(form.segmentLength);
  if (!(length > 0)) problems.segmentLength = 'A positive number of steps.';
  if (!(total > 0)) problems.totalSteps = 'A positive number of steps.';
  else if (length > 0 && total % length !== 0) problems.totalSteps = `A multiple of the segment length (${length}).`;
  if (parseTokens(form.reward, decimals) === null) problems.reward = 'A token amount, e.g. 10 or 2.5.';
  if (parseTokens(form.minStake, decimals) === null) problems.minStake = 'A token amount, e.g. 1000.';
  if (form.challengeHours.trim() && !(Number(form.challengeHours) > 0)) problems.challengeHours = 'Hours, more than 0.';
  if (form.seed.trim() && !/^\d{1,20}$/.test(form.seed.trim())) problems.seed = 'An unsigned 64-bit number.';
  return problems;
}

export function locationList(text) {
  return String(text ?? '')
    .split(/[\s,]+/)
    .map((l) => l.trim())
    .filter((l) => /^https?:\/\/\S+$/.test(l));
}

/** The draft request the API's POST /v1/proposal-drafts (and the devnet's propose) takes. */
export function draftRequest(form, decimals = 18) {
  const request = {
    name: form.name.trim(),
    community: form.community.trim(),
    summary: form.summary.trim(),
    model: { name: form.config },
    seed: form.seed.trim() || '0',
    dataset: {
      root: form.datasetRoot.trim(),
      manifestHash: form.manifestHash.trim(),
      bytes: integer(form.datasetBytes),
      locations: locationList(form.locations),
    },
    totalSteps: integer(form.totalSteps),
    segmentLength: integer(form.segmentLength),
    rewardPerSegment: (parseTokens(form.reward, decimals) ?? 0n).toString(),
    minWorkerStake: (parseTokens(form.minStake, decimals) ?? 0n).toString(),
  };
  if (form.challengeHours.trim()) request.challengeWindowSeconds = Math.round(Number(form.challengeHours) * 3600);
  return request;
}

/**
 * What the job would cost and buy, from the form and the chosen configuration: segments, budget
 * (reward × segments, in base units), budget per step, training tokens. Null fields when the
 * inputs do not allow it yet.
 */
export function estimate(form, option, decimals = 18) {
  const total = integer(form.totalSteps);
  const length = integer(form.segmentLength);
  const reward = parseTokens(form.reward, decimals);
  const valid = total > 0 && length > 0 && total % length === 0;
  const segments = valid ? total / length : null;
  const budget = segments !== null && reward !== null ? reward * BigInt(segments) : null;
  return {
    segments,
    totalSteps: valid ? total : null,
    budget,
    perStep: budget !== null ? budget / BigInt(total) : null,
    trainingTokens: valid && option ? BigInt(option.tokensPerStep) * BigInt(total) : null,
    parameters: option ? option.config.parameters : null,
  };
}

/** Maps the API's field names back to the form's, to show errors beside the right input. */
export function formField(apiField) {
  const map = {
    name: 'name',
    community: 'community',
    summary: 'summary',
    model: 'config',
    'model.name': 'config',
    seed: 'seed',
    'dataset.root': 'datasetRoot',
    'dataset.manifestHash': 'manifestHash',
    'dataset.bytes': 'datasetBytes',
    'dataset.locations': 'locations',
    dataset: 'datasetRoot',
    totalSteps: 'totalSteps',
    segmentLength: 'segmentLength',
    rewardPerSegment: 'reward',
    minWorkerStake: 'minStake',
    challengeWindowSeconds: 'challengeHours',
  };
  if (map[apiField]) return map[apiField];
  if (apiField.startsWith('dataset.locations')) return 'locations';
  return null;
}
