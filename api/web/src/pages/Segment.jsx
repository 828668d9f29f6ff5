// One segment: its road, its commitment (start, step root, end), the steps verifiers audit (fixed
// by the block after the commit), its losses, and any disputes.
import { get } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { count, loss as formatLoss } from '../lib/format.js';
import { segmentStages, STATUS_LABELS, statusTone } from '../lib/segments.js';
import { useSession } from '../session.jsx';
import { Address, Badge, Empty, PageTitle, Resource, Stepper } from '../components/ui.jsx';

export function SegmentPage({ id, index }) {
  const { chainTime } = useSession();
  const segment = useResource(() => get(`/v1/jobs/${id}/segments/${index}`), [id, index], { poll: 3000 });
  const job = useResource(() => get(`/v1/jobs/${id}`), [id]);
  const losses = useResource(() => get(`/v1/jobs/${id}/loss?from=${index}&limit=1`), [id, index], { poll: 5000 });
  return (
    <section class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/jobs">Training</a> › <a href={`/jobs/${id}`}>Job {id}</a> › <span>Segment {index}</span>
      </nav>
      <Resource resource={segment} label="Loading the segment…">
        {({ segment: s, audit }) => (
          <>
            <PageTitle
              sub={
                <>
                  <Badge tone={statusTone(s.status)} testid="segment-status">
                    {STATUS_LABELS[s.status]}
                  </Badge>{' '}
                  steps {count(s.firstStep)}–{count(Number(s.firstStep) + Number(job.data?.summary.segmentLength ?? 1) - 1)} · worker{' '}
                  <Address address={s.worker} href={`/participants/${s.worker}`} />
                  {s.claims > 1 && <> · claimed {s.claims} times</>}
                </>
              }
            >
              Segment {s.index}
            </PageTitle>
            <div class="columns">
              <div class="column-main">
                <section class="card">
                  <h2>Commitment</h2>
                  {s.stepRoot ? (
                    <dl class="facts">
                      <dt>Start state</dt>
                      <dd class="mono small break">{s.startStateHash}</dd>
                      <dt>Step root</dt>
                      <dd class="mono small break">{s.stepRoot}</dd>
                      <dt>End state</dt>
                      <dd class="mono small break">{s.endStateHash}</dd>
                    </dl>
                  ) : (
                    <Empty>Not committed yet: the worker is training.</Empty>
                  )}
                </section>
                <section class="card" data-testid="audit">
                  <h2>Audit</h2>
                  {!audit ? (
                    <Empty>Verifiers pick the steps to recompute once the segment is committed.</Empty>
                  ) : audit.randomness ? (
                    <>
                      <p>
                        Verifiers recompute these {audit.picks} steps bit for bit (picked with the hash of block{' '}
                        {count(audit.randomnessBlock)}, fixed only after the commit):
                      </p>
                      <ul class="pick-list">
                        {audit.steps.map((step) => (
                          <li key={step} class="chip mono">
                            step {count(step)}
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <p class="muted">Waiting for block {count(audit.randomnessBlock)}, whose hash picks the audited steps.</p>
                  )}
                </section>
                <section class="card">
                  <h2>Losses</h2>
                  <Resource resource={losses} label="Loading losses…">
                    {(curve) => {
                      const mean = curve.segments[0];
                      return !mean ? (
                        <Empty>No losses.</Empty>
                      ) : mean.availability !== 'AVAILABLE' ? (
                        <p class="muted">Losses: {mean.availability.toLowerCase().replace('_', ' ')}.</p>
                      ) : (
                        <p>
                          Mean loss {formatLoss(mean.meanLoss)} over {curve.points.length} steps; first{' '}
                          {formatLoss(curve.points[0]?.loss)}, last {formatLoss(curve.points[curve.points.length - 1]?.loss)}.
                        </p>
                      );
                    }}
                  </Resource>
                </section>
              </div>
              <aside class="column-side">
                <section class="card">
                  <h2>Road</h2>
                  <Stepper steps={segmentStages(s, job.data?.terms?.challengeWindowSeconds, chainTime)} label="Segment road" testid="segment-road" />
                </section>
                {s.disputes.length > 0 && (
                  <section class="card">
                    <h2>Disputes</h2>
                    <ul class="plain">
                      {s.disputes.map((d) => (
                        <li key={d}>
                          <a href={`/disputes/${d}`}>Dispute #{d}</a>
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
              </aside>
            </div>
          </>
        )}
      </Resource>
    </section>
  );
}
