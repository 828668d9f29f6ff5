// "Propose a model": name, community, model size, dataset, training terms and reward; a running
// estimate while typing; then the API's draft (what the proposal will execute, its cost in tokens
// and steps, whether the treasury can pay) before anything is signed; then submit.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../lib/api.js';
import { useAction, useResource } from '../lib/hooks.js';
import { compact, count, duration, tokens } from '../lib/format.js';
import { draftRequest, EMPTY_FORM, estimate, formField, localProblems, randomSeed } from '../lib/proposal-form.js';
import { navigate } from '../lib/router.js';
import { MAX_MANIFEST_BYTES, readManifest } from '../lib/manifest.js';
import { useSession } from '../session.jsx';
import { draft, propose } from '../wallet/actions.js';
import { walletMessage } from '../wallet/eip1193.js';
import { AccountStanding } from './Proposals.jsx';
import { Amount, ErrorNote, Loading, PageTitle, Stat } from '../components/ui.jsx';

function Field({ id, label, hint, error, children }) {
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function ConfigPicker({ options, value, onChange, error }) {
  return (
    <fieldset class={`field config-picker ${error ? 'field-invalid' : ''}`}>
      <legend>Model size</legend>
      <div class="config-options">
        {options.map((o) => (
          <label class={`config-option ${value === o.name ? 'selected' : ''} ${o.preparable ? '' : 'disabled'}`} key={o.name}>
            <input
              type="radio"
              name="config"
              value={o.name}
              checked={value === o.name}
              disabled={!o.preparable}
              onChange={() => onChange(o.name)}
              data-testid={`config-${o.name}`}
            />
            <span class="config-name">{o.name}</span>
            <span class="config-params">{compact(o.config.parameters)} parameters</span>
            <span class="muted small">
              {o.config.layers} layers × {o.config.channels}, context {o.config.context}, batch {o.config.batch}
            </span>
            {!o.preparable && <span class="muted small">too large for this server to prepare</span>}
          </label>
        ))}
      </div>
      {error && (
        <div class="field-error" role="alert">
          {error}
        </div>
      )}
    </fieldset>
  );
}

function DatasetFromJob({ onPick }) {
  const jobs = useResource(() => get('/v1/jobs?limit=50'), []);
  const [error, setError] = useState(null);
  if (!jobs.data?.items?.length) return null;
  const pick = async (id) => {
    if (!id) return;
    setError(null);
    try {
      const job = await get(`/v1/jobs/${id}`);
      if (!job.terms) throw new Error('This job’s terms are not readable by this server.');
      // The dataset's size is not on chain; the proposal that created the job states it.
      const proposalId = job.summary?.proposalId;
      const proposal = proposalId ? await get(`/v1/proposals/${proposalId}`).catch(() => null) : null;
      onPick(job.terms, proposal?.model?.datasetBytes);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="field">
      <label for="dataset-from-job">Reuse the dataset of a job</label>
      <select id="dataset-from-job" onChange={(e) => pick(e.currentTarget.value)}>
        <option value="">— choose a job —</option>
        {jobs.data.items.map((j) => (
          <option value={j.id} key={j.id}>
            Job {j.id}
            {j.model ? ` — ${j.model.name} (${j.model.community})` : ''}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </div>
  );
}

/** Reads a manifest.json chosen on this computer; nothing is uploaded. */
function ManifestFile({ onRead }) {
  const [error, setError] = useState(null);
  const [loaded, setLoaded] = useState(null);
  const read = async (event) => {
    const file = event.currentTarget.files?.[0];
    setError(null);
    setLoaded(null);
    if (!file) return;
    try {
      if (file.size > MAX_MANIFEST_BYTES) throw new Error('This file is too large to be a dataset manifest.');
      const fields = readManifest(await file.text());
      onRead(fields);
      setLoaded(file.name);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="field">
      <label for="manifest-file">Or load a dataset manifest</label>
      <input id="manifest-file" type="file" accept=".json,application/json" onChange={read} data-testid="manifest-file" />
      <div class="hint">
        The <span class="mono">manifest.json</span> that <span class="mono">polyculture dataset pack</span> writes; its hash is
        checked here. Serve the dataset (e.g. from a worker) and give its address below.
      </div>
      {loaded && <div class="hint" role="status">Read {loaded}.</div>}
      <ErrorNote error={error} title="Not a usable manifest" />
    </div>
  );
}

function Estimate({ form, option, treasury }) {
  const { network } = useSession();
  const decimals = network?.token?.decimals ?? 18;
  const e = estimate(form, option, decimals);
  const short = treasury && e.budget !== null && BigInt(treasury.balance) < e.budget;
  return (
    <section class="card estimate" aria-live="polite" data-testid="estimate">
      <h2>Estimate</h2>
      <div class="stats stats-2">
        <Stat label="Budget">{e.budget === null ? '—' : <Amount value={e.budget} />}</Stat>
        <Stat label="Steps">{e.totalSteps === null ? '—' : count(e.totalSteps)}</Stat>
        <Stat label="Segments">{e.segments === null ? '—' : count(e.segments)}</Stat>
        <Stat label="Per step">{e.perStep === null ? '—' : <Amount value={e.perStep} digits={4} />}</Stat>
        <Stat label="Parameters">{e.parameters === null ? '—' : count(e.parameters)}</Stat>
        <Stat label="Training tokens">{e.trainingTokens === null ? '—' : compact(e.trainingTokens)}</Stat>
      </div>
      {treasury && (
        <p class={short ? 'field-error' : 'muted small'}>
          Treasury holds <Amount value={treasury.balance} digits={0} />
          {short ? ' — less than this budget: execution would fail.' : '.'}
        </p>
      )}
    </section>
  );
}

function Review({ prepared, account, onSubmit, submitting, error }) {
  const { network } = useSession();
  const standing = useResource(() => (account ? get(`/v1/accounts/${account.address}`) : null), [account?.address]);
  const cost = prepared.cost;
  const threshold = prepared.proposalThreshold;
  const belowThreshold = threshold !== undefined && standing.data && BigInt(standing.data.votes) < BigInt(threshold);
  return (
    <section class="card review" data-testid="draft-review" aria-labelledby="review-heading">
      <h2 id="review-heading">Review before signing</h2>
      <p>
        This proposal asks the treasury for{' '}
        <strong data-testid="draft-budget" data-budget={cost.budget}>
          {tokens(cost.budget, network?.token?.decimals ?? 18)} {network?.token?.symbol ?? 'POLY'}
        </strong>{' '}
        to train <strong>{count(cost.parameterCount)}</strong> parameters for{' '}
        <strong data-testid="draft-steps">{count(cost.totalSteps)}</strong> steps ({count(cost.segments)} segments of{' '}
        {count(cost.segmentLength)}, <Amount value={cost.rewardPerSegment} /> each).
      </p>
      <dl class="facts">
        <dt>Per step</dt>
        <dd>
          <Amount value={cost.budgetPerStep} digits={4} />
        </dd>
        <dt>Training tokens</dt>
        <dd>
          {count(cost.trainingTokens)} ({count(cost.tokensPerStep)} per step)
        </dd>
        <dt>State per checkpoint</dt>
        <dd>{compact(cost.stateBytes)}B</dd>
        <dt>Challenge window</dt>
        <dd>{duration(prepared.terms.challengeWindowSeconds)}</dd>
        <dt>Treasury after</dt>
        <dd class={prepared.treasury.sufficient ? '' : 'field-error'}>
          <Amount value={prepared.treasury.after} digits={0} />
          {!prepared.treasury.sufficient && ' — the treasury cannot pay this budget now'}
        </dd>
        <dt>Proposal id</dt>
        <dd class="mono small break">{prepared.proposalId}</dd>
        <dt>Genesis state</dt>
        <dd class="mono small break">{prepared.terms.genesisStateHash}</dd>
      </dl>
      {belowThreshold && (
        <div class="note note-warn">
          Proposing needs <Amount value={threshold} digits={0} /> of voting power; this account has{' '}
          <Amount value={standing.data.votes} digits={0} />. <a href="/delegate">Delegate</a> first.
        </div>
      )}
      <details>
        <summary>Description as it goes on chain</summary>
        <pre class="description">{prepared.description}</pre>
      </details>
      <div class="form-actions">
        <button type="button" class="button" data-testid="submit-proposal" disabled={submitting || !account} onClick={onSubmit}>
          {submitting ? 'Submitting…' : account?.kind === 'wallet' ? 'Sign and submit' : 'Submit'}
        </button>
        {!account && <span class="muted">Choose an account to submit.</span>}
      </div>
      <ErrorNote error={error} title="Not submitted" />
    </section>
  );
}

export function ProposePage() {
  const session = useSession();
  const { account, network } = session;
  const decimals = network?.token?.decimals ?? 18;
  const [form, setForm] = useState(() => ({ ...EMPTY_FORM, seed: randomSeed() }));
  const [touched, setTouched] = useState(false);
  const configs = useResource(() => get('/v1/model-configs'), []);
  const communities = useResource(() => get('/v1/communities'), []);
  const treasury = useResource(() => get('/v1/treasury?limit=1'), [], { poll: 15000 });
  const prepare = useAction((request) => draft(account, request));
  const submit = useAction(async (request, prepared) => {
    try {
      return await propose(account, network, request, prepared);
    } catch (e) {
      throw e instanceof ApiError ? e : new Error(walletMessage(e));
    }
  });

  // Any edit invalidates the reviewed draft.
  useEffect(() => prepare.reset(), [form, account?.address]);

  const set = (field) => (event) => setForm({ ...form, [field]: event.currentTarget.value });
  const local = localProblems(form, decimals);
  const apiErrors = {};
  for (const e of prepare.error?.fieldErrors ?? []) {
    const field = formField(e.field);
    if (field) apiErrors[field] = apiErrors[field] ? `${apiErrors[field]} ${e.message}` : e.message;
  }
  const errorOf = (field) => apiErrors[field] ?? (touched ? local[field] : undefined);
  const option = configs.data?.find((o) => o.name === form.config);

  const review = async (event) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(local).length) return;
    await prepare.run(draftRequest(form, decimals));
  };
  const send = async () => {
    const result = await submit.run(draftRequest(form, decimals), prepare.result);
    if (result?.proposalId) {
      session.reloadNetwork();
      navigate(`/proposals/${result.proposalId}`);
    }
  };
  const pickDataset = (terms, bytes) =>
    setForm({
      ...form,
      datasetRoot: terms.datasetRoot,
      manifestHash: terms.datasetManifestHash,
      datasetBytes: bytes ? String(bytes) : form.datasetBytes,
      locations: terms.datasetLocations.join('\n'),
    });
  const input = (id, field, props = {}) => (
    <input
      id={id}
      name={field}
      value={form[field]}
      onInput={set(field)}
      aria-invalid={Boolean(errorOf(field))}
      aria-describedby={errorOf(field) ? `${id}-error` : `${id}-hint`}
      data-testid={`field-${field}`}
      {...props}
    />
  );

  return (
    <section class="page">
      <PageTitle sub="Describe the model, where its data lives and what training it should buy. You see the cost before you sign.">
        Propose a model
      </PageTitle>
      <AccountStanding />
      <div class="columns">
        <form class="column-main card form" onSubmit={review} noValidate data-testid="propose-form">
          <h2>Model</h2>
          <Field id="name" label="Name" error={errorOf('name')} hint="Shown as the proposal's title.">
            {input('name', 'name', { maxLength: 80, autoComplete: 'off', placeholder: 'Tiny Shakespeare' })}
          </Field>
          <Field id="community" label="Community" error={errorOf('community')} hint="Who proposes it and will use it.">
            {input('community', 'community', { list: 'communities', maxLength: 64, placeholder: 'bards' })}
            <datalist id="communities">
              {(communities.data ?? []).map((c) => (
                <option value={c.slug} key={c.slug} />
              ))}
            </datalist>
          </Field>
          <Field id="summary" label="Summary" error={errorOf('summary')} hint="Why this model; what it is for (optional).">
            <textarea id="summary" rows={3} maxLength={2000} value={form.summary} onInput={set('summary')} data-testid="field-summary" />
          </Field>
          {configs.data ? (
            <ConfigPicker options={configs.data} value={form.config} onChange={(v) => setForm({ ...form, config: v })} error={errorOf('config')} />
          ) : configs.error ? (
            <ErrorNote error={configs.error} retry={configs.reload} title="Model sizes unavailable" />
          ) : (
            <Loading label="Loading model sizes…" />
          )}

          <h2>Dataset</h2>
          <p class="muted small">
            Workers fetch the dataset by content hash from the locations you give (a Polyculture transfer server, e.g. a
            worker's, serves <span class="mono">/v1/datasets/ROOT/manifest</span> and its shards). Reuse a funded job's
            dataset, load a manifest file, or type its fields.
          </p>
          <DatasetFromJob onPick={pickDataset} />
          <ManifestFile onRead={(fields) => setForm({ ...form, ...fields })} />
          <Field id="datasetRoot" label="Dataset root" error={errorOf('datasetRoot')} hint="Merkle root over the shards: 0x and 64 hex digits.">
            {input('datasetRoot', 'datasetRoot', { class: 'mono', spellcheck: false, placeholder: '0x…' })}
          </Field>
          <Field id="manifestHash" label="Manifest hash" error={errorOf('manifestHash')}>
            {input('manifestHash', 'manifestHash', { class: 'mono', spellcheck: false, placeholder: '0x…' })}
          </Field>
          <Field id="datasetBytes" label="Size in bytes" error={errorOf('datasetBytes')}>
            {input('datasetBytes', 'datasetBytes', { inputMode: 'numeric' })}
          </Field>
          <Field id="locations" label="Served at" error={errorOf('locations')} hint="One http(s) base URL per line.">
            <textarea
              id="locations"
              rows={2}
              class="mono"
              value={form.locations}
              onInput={set('locations')}
              aria-invalid={Boolean(errorOf('locations'))}
              data-testid="field-locations"
              placeholder="http://127.0.0.1:9000"
            />
          </Field>

          <h2>Training and reward</h2>
          <div class="grid-2">
            <Field id="totalSteps" label="Total steps" error={errorOf('totalSteps')}>
              {input('totalSteps', 'totalSteps', { inputMode: 'numeric' })}
            </Field>
            <Field id="segmentLength" label="Segment length (steps)" error={errorOf('segmentLength')} hint="One claim and one commitment each.">
              {input('segmentLength', 'segmentLength', { inputMode: 'numeric' })}
            </Field>
            <Field id="reward" label={`Reward per segment (${network?.token?.symbol ?? 'POLY'})`} error={errorOf('reward')}>
              {input('reward', 'reward', { inputMode: 'decimal' })}
            </Field>
            <Field id="minStake" label={`Minimum worker stake (${network?.token?.symbol ?? 'POLY'})`} error={errorOf('minStake')}>
              {input('minStake', 'minStake', { inputMode: 'decimal' })}
            </Field>
            <Field id="challengeHours" label="Challenge window (hours)" error={errorOf('challengeHours')} hint="Blank: the protocol's default.">
              {input('challengeHours', 'challengeHours', { inputMode: 'decimal' })}
            </Field>
            <Field id="seed" label="Seed" error={errorOf('seed')} hint="Fixes the initial weights and data order.">
              {input('seed', 'seed', { inputMode: 'numeric', class: 'mono' })}
            </Field>
          </div>
          <div class="form-actions">
            <button type="submit" class="button" data-testid="review-proposal" disabled={prepare.pending}>
              {prepare.pending ? 'Preparing…' : 'Review cost'}
            </button>
            <span class="muted small">Nothing is signed or sent yet.</span>
          </div>
          {prepare.error && !prepare.error.fieldErrors?.length && <ErrorNote error={prepare.error} title="Could not prepare" />}
          {prepare.error?.fieldErrors?.length > 0 && (
            <div class="note note-error" role="alert" data-testid="error">
              Fix the marked fields: {prepare.error.message}
            </div>
          )}
        </form>
        <aside class="column-side">
          <Estimate form={form} option={option} treasury={treasury.data} />
          {prepare.result && (
            <Review prepared={prepare.result} account={account} onSubmit={send} submitting={submit.pending} error={submit.error} />
          )}
        </aside>
      </div>
    </section>
  );
}
