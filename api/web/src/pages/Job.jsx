// A training job, live: the loss chart as workers commit, the segments on their road (claimed →
// committed → audited → final, or disputed → outcome), the workers and verifiers, disputes, terms.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { bps, count, duration, enumLabel, loss as formatLoss, shortHash } from '../lib/format.js';
import { availability, emptyCurve, mergeCurve, resumeFrom, segmentMeans, series } from '../lib/loss.js';
import { segmentStages, STATUS_LABELS, statusTone } from '../lib/segments.js';
import { useSession } from '../session.jsx';
import { LossChart } from '../components/LossChart.jsx';
import { Address, Amount, Badge, Bar, Empty, ErrorNote, Loading, PageTitle, Resource, Stat, Stepper, Table, When } from '../components/ui.jsx';

const POLL_MS = 3000;
const MAX_PAGES_PER_POLL = 4;

/** The loss curve, polled from the first segment not yet available. */
function useLossCurve(jobId, perStep) {
  const [state, setState] = useState({ curve: emptyCurve(), error: null, loaded: false });
  const curveRef = useRef(state.curve);

  useEffect(() => {
    let cancelled = false;
    let timer = null;
    curveRef.current = emptyCurve();
    const poll = async () => {
      try {
        let from = resumeFrom(curveRef.current);
        for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
          const limit = perStep ? 100 : 500;
          const answer = await get(
            `/v1/jobs/${jobId}/loss` + query({ from, limit, per: perStep ? 'step' : 'segment' }),
          );
          if (cancelled) return;
          curveRef.current = mergeCurve(curveRef.current, answer);
          if (answer.nextSegment === undefined) break;
          from = Number(answer.nextSegment);
        }
        setState({ curve: curveRef.current, error: null, loaded: true });
      } catch (error) {
        if (!cancelled) setState((s) => ({ ...s, error, loaded: true }));
      }
      if (!cancelled) timer = setTimeout(poll, document.hidden ? POLL_MS * 4 : POLL_MS);
    };
    poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [jobId, perStep]);
  return state;
}

function LossSection({ job }) {
  // Per step for jobs up to 50k steps; longer jobs plot one mean per segment.
  const perStep = job.summary.totalSteps <= 50_000;
  const { curve, error, loaded } = useLossCurve(job.summary.id, perStep);
  const means = segmentMeans(curve);
  const plotted = perStep
    ? series(curve)
    : {
        steps: means.filter((m) => m.meanLoss !== undefined).map((m) => (m.segment + 1) * job.summary.segmentLength - 1),
        losses: means.filter((m) => m.meanLoss !== undefined).map((m) => m.meanLoss),
      };
  const counts = availability(curve);
  return (
    <section class="card" aria-labelledby="loss-heading">
      <div class="card-head">
        <h2 id="loss-heading">Training loss</h2>
        <span class="muted small" data-testid="loss-availability">
          {counts.AVAILABLE} segments plotted
          {counts.PENDING > 0 && ` · ${counts.PENDING} being fetched from workers`}
          {counts.UNAVAILABLE > 0 && ` · ${counts.UNAVAILABLE} not served by their worker`}
          <span class="live-dot" title="Updates live" aria-hidden="true" />
        </span>
      </div>
      {!loaded ? <Loading label="Loading the loss curve…" /> : <LossChart steps={plotted.steps} losses={plotted.losses} />}
      <ErrorNote error={error} title="Could not refresh the loss curve" />
      {means.length > 0 && (
        <details>
          <summary>Mean loss per segment</summary>
          <Table
            compact
            testid="segment-losses"
            rows={means}
            rowKey={(m) => m.segment}
            columns={[
              { label: 'Segment', cell: (m) => m.segment },
              { label: 'Losses', cell: (m) => enumLabel(m.availability) },
              { label: 'Mean loss', num: true, cell: (m) => formatLoss(m.meanLoss) },
            ]}
          />
        </details>
      )}
    </section>
  );
}

function SegmentGrid({ job, segments }) {
  const total = job.summary.segments;
  const byIndex = new Map(segments.map((s) => [Number(s.index), s]));
  const shown = Math.min(total, 500);
  return (
    <div class="segment-grid" role="list" aria-label="Segments by status" data-testid="segment-grid">
      {Array.from({ length: shown }, (_, i) => {
        const s = byIndex.get(i);
        const status = s?.status ?? 'OPEN';
        return (
          <a
            role="listitem"
            key={i}
            href={`/jobs/${job.summary.id}/segments/${i}`}
            class={`segment-cell tone-cell-${s ? statusTone(status) : 'open'}`}
            title={`Segment ${i}: ${STATUS_LABELS[status]}`}
            data-status={status}
            aria-label={`Segment ${i}: ${STATUS_LABELS[status]}`}
          />
        );
      })}
      {total > shown && <span class="muted small">… and {count(total - shown)} more</span>}
    </div>
  );
}

function SegmentsSection({ job }) {
  const { chainTime } = useSession();
  const segments = useResource(() => get(`/v1/jobs/${job.summary.id}/segments?limit=500`), [job.summary.id], {
    poll: POLL_MS,
  });
  const challengeWindow = job.terms?.challengeWindowSeconds;
  return (
    <section class="card" aria-labelledby="segments-heading">
      <div class="card-head">
        <h2 id="segments-heading">Segments</h2>
        <span class="legend small">
          {['CLAIMED', 'COMMITTED', 'FINALIZED', 'FRAUD', 'VOIDED'].map((s) => (
            <span key={s}>
              <span class={`legend-swatch tone-cell-${statusTone(s)}`} aria-hidden="true" /> {STATUS_LABELS[s]}
            </span>
          ))}
          <span>
            <span class="legend-swatch tone-cell-open" aria-hidden="true" /> Open
          </span>
        </span>
      </div>
      <Resource resource={segments} label="Loading segments…">
        {(page) => (
          <>
            <SegmentGrid job={job} segments={page.items} />
            {page.items.length === 0 ? (
              <Empty>No segment claimed yet: workers claim them as soon as they see the job.</Empty>
            ) : (
              <Table
                testid="segments-table"
                rows={[...page.items].sort((a, b) => Number(b.index) - Number(a.index)).slice(0, 20)}
                rowKey={(s) => s.index}
                rowProps={(s) => ({ 'data-segment': s.index, 'data-status': s.status })}
                columns={[
                  { label: 'Segment', cell: (s) => <a href={`/jobs/${job.summary.id}/segments/${s.index}`}>#{s.index}</a> },
                  {
                    label: 'Steps',
                    class: 'nowrap',
                    cell: (s) => (
                      <>
                        {count(s.firstStep)}–{count(Number(s.firstStep) + Number(job.summary.segmentLength) - 1)}
                      </>
                    ),
                  },
                  { label: 'Worker', cell: (s) => <Address address={s.worker} href={`/participants/${s.worker}`} /> },
                  {
                    label: 'Road',
                    cell: (s) => <Stepper steps={segmentStages(s, challengeWindow, chainTime)} horizontal label={`Segment ${s.index}`} />,
                  },
                ]}
              />
            )}
          </>
        )}
      </Resource>
    </section>
  );
}

function WorkersSection({ job }) {
  const workers = useResource(() => get('/v1/participants?role=worker&limit=500'), [], { poll: POLL_MS * 3 });
  const stakes = new Map((workers.data ?? []).map((p) => [p.address, p]));
  return (
    <section class="card">
      <h2>Workers on this job</h2>
      {job.workers.length === 0 ? (
        <Empty>No worker has claimed a segment yet.</Empty>
      ) : (
        <Table
          testid="workers-table"
          rows={job.workers}
          rowKey={(w) => w.worker}
          rowProps={(w) => ({ 'data-worker': w.worker })}
          columns={[
            { label: 'Worker', cell: (w) => <Address address={w.worker} href={`/participants/${w.worker}`} /> },
            { label: 'Claims', num: true, cell: (w) => count(w.claims) },
            { label: 'Commits', num: true, testid: 'worker-commits', cell: (w) => count(w.commits) },
            { label: 'Rewarded', num: true, cell: (w) => count(w.rewarded) },
            { label: 'Fraud', num: true, class: (w) => (w.fraud > 0 ? 'tone-against' : ''), cell: (w) => count(w.fraud) },
            {
              label: 'Stake',
              num: true,
              cell: (w) => {
                const p = stakes.get(w.worker);
                return p ? <Amount value={p.bonded} digits={0} /> : '—';
              },
            },
            { label: 'Hardware', class: 'muted small', cell: (w) => stakes.get(w.worker)?.hardware ?? '—' },
          ]}
        />
      )}
    </section>
  );
}

export function VerifiersTable({ title = 'Verifiers' }) {
  const verifiers = useResource(() => get('/v1/participants?role=verifier&limit=500'), [], { poll: POLL_MS * 3 });
  return (
    <section class="card">
      <h2>{title}</h2>
      <Resource resource={verifiers} label="Loading verifiers…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No verifier has staked yet.</Empty>
          ) : (
            <Table
              testid="verifiers-table"
              rows={list}
              rowKey={(v) => v.address}
              columns={[
                { label: 'Verifier', cell: (v) => <Address address={v.address} href={`/participants/${v.address}`} /> },
                { label: 'Stake', num: true, cell: (v) => <Amount value={v.bonded} digits={0} /> },
                { label: 'Disputes opened', num: true, cell: (v) => count(v.disputesOpened) },
                { label: 'Jury seats', num: true, cell: (v) => count(v.jurySeats) },
                { label: 'Rewards', num: true, cell: (v) => <Amount value={v.stakeRewards} /> },
                { label: 'Penalties', num: true, cell: (v) => count(v.penalties) },
              ]}
            />
          )
        }
      </Resource>
    </section>
  );
}

export function DisputesTable({ disputes }) {
  return (
    <Table
      testid="disputes-table"
      rows={disputes}
      rowKey={(d) => d.id}
      columns={[
        { label: 'Dispute', cell: (d) => <a href={`/disputes/${d.id}`}>#{d.id}</a> },
        {
          label: 'Job · segment · step',
          cell: (d) => (
            <>
              <a href={`/jobs/${d.jobId}`}>{d.jobId}</a> · <a href={`/jobs/${d.jobId}/segments/${d.segment}`}>{d.segment}</a> ·{' '}
              {count(d.step)}
            </>
          ),
        },
        { label: 'Kind', cell: (d) => enumLabel(d.kind) },
        { label: 'Worker', cell: (d) => <Address address={d.worker} href={`/participants/${d.worker}`} /> },
        { label: 'Challenger', cell: (d) => <Address address={d.challenger} href={`/participants/${d.challenger}`} /> },
        {
          label: 'Outcome',
          cell: (d) => (
            <Badge tone={d.outcome === 'OPEN' ? 'active' : d.outcome === 'WORKER_AT_FAULT' ? 'bad' : 'neutral'}>
              {enumLabel(d.outcome)}
            </Badge>
          ),
        },
        { label: 'Opened', cell: (d) => (d.opened ? <When time={d.opened.time} /> : '—') },
      ]}
    />
  );
}

function JobDisputes({ id }) {
  const disputes = useResource(() => get(`/v1/jobs/${id}/disputes`), [id], { poll: POLL_MS * 2 });
  return (
    <section class="card">
      <h2>Disputes</h2>
      <Resource resource={disputes} label="Loading disputes…">
        {(list) => (list.length === 0 ? <Empty>No disputes: nobody has challenged a commitment.</Empty> : <DisputesTable disputes={list} />)}
      </Resource>
    </section>
  );
}

function Terms({ terms }) {
  if (!terms) return null;
  const c = terms.config;
  return (
    <details class="card">
      <summary>
        <h2 class="inline">Terms on chain</h2>
      </summary>
      <dl class="facts">
        <dt>Model</dt>
        <dd>
          {c.layers} layers × {c.channels}, {c.heads} heads, context {c.context}, batch {c.batch}, vocabulary {c.vocab} ·{' '}
          {count(c.parameters)} parameters
        </dd>
        <dt>Schedule</dt>
        <dd>
          learning rate {c.maxLearningRate} → {c.minLearningRate}, warmup {count(c.warmupSteps)} steps, AdamW β {c.beta1}/
          {c.beta2}, weight decay {c.weightDecay}, clip {c.maxGradNorm}
        </dd>
        <dt>Numerics spec</dt>
        <dd>v{terms.numericsSpecVersion}</dd>
        <dt>Model spec hash</dt>
        <dd class="mono small break">{terms.modelSpecHash}</dd>
        <dt>Genesis state</dt>
        <dd class="mono small break">{terms.genesisStateHash}</dd>
        <dt>Seed</dt>
        <dd class="mono">{terms.seed}</dd>
        <dt>Dataset</dt>
        <dd class="mono small break">
          {terms.datasetRoot} (manifest {shortHash(terms.datasetManifestHash)})
        </dd>
        <dt>Worker stake</dt>
        <dd>
          at least <Amount value={terms.minWorkerStake} digits={0} />
        </dd>
        <dt>Challenge window · lease</dt>
        <dd>
          {duration(terms.challengeWindowSeconds)} · {duration(terms.leaseSeconds)}
        </dd>
      </dl>
    </details>
  );
}

export function JobPage({ id }) {
  const job = useResource(() => get(`/v1/jobs/${encodeURIComponent(id)}`), [id], { poll: POLL_MS });
  return (
    <section class="page">
      <Resource resource={job} label="Loading the job…">
        {(detail) => {
          const s = detail.summary;
          const p = s.progress;
          const committedBps = s.totalSteps > 0 ? Math.min(10000, Math.floor((p.committedSteps * 10000) / s.totalSteps)) : 0;
          return (
            <>
              <nav class="crumbs" aria-label="Breadcrumb">
                <a href="/jobs">Training</a> › <span>Job {s.id}</span>
              </nav>
              <PageTitle
                sub={
                  <>
                    {s.model?.community && <span class="chip">{s.model.community}</span>}{' '}
                    {s.proposalId !== undefined && (
                      <>
                        from <a href={`/proposals/${s.proposalId}`}>its proposal</a>
                      </>
                    )}
                    {s.created && (
                      <>
                        {' '}
                        · created <When time={s.created.time} />
                      </>
                    )}
                  </>
                }
              >
                <span data-testid="job-title">{s.model?.name ?? `Job ${s.id}`}</span>
              </PageTitle>
              {detail.termsError && <div class="note note-warn">This server cannot decode the job’s model: {detail.termsError}</div>}
              <div class="stats" data-testid="job-stats">
                <Stat label="Steps committed" hint={`of ${count(s.totalSteps)}`} testid="stat-committed-steps">
                  {count(p.committedSteps)}
                </Stat>
                <Stat label="Final" hint={`${count(p.finalized + p.rewarded)} of ${count(s.segments)} segments`}>
                  {bps(p.finalBps)}
                </Stat>
                <Stat label="Workers">{count(p.workers)}</Stat>
                <Stat label="Disputes">{count(p.disputes)}</Stat>
                <Stat label="Reward per segment">
                  <Amount value={s.rewardPerSegment} />
                </Stat>
                <Stat label="Escrow left">
                  <Amount value={s.escrow} digits={0} />
                </Stat>
              </div>
              <Bar valueBps={committedBps} label={`Committed ${bps(committedBps)}`} marker={p.finalBps} />
              <LossSection job={detail} />
              <SegmentsSection job={detail} />
              <div class="columns-even">
                <WorkersSection job={detail} />
                <VerifiersTable title="Verifiers watching" />
              </div>
              <JobDisputes id={s.id} />
              <Terms terms={detail.terms} />
            </>
          );
        }}
      </Resource>
    </section>
  );
}

