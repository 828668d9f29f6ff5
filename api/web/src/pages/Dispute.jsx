// A dispute: who challenged which step, the jury, the verdict and where the slashed stake went.
import { get } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { count, enumLabel } from '../lib/format.js';
import { Address, Amount, Badge, PageTitle, Resource, Stepper, When } from '../components/ui.jsx';

function road(d) {
  const open = d.outcome === 'OPEN';
  return [
    { key: 'opened', label: 'Opened', status: 'done', time: d.opened?.time },
    { key: 'jury', label: 'Jury drawn', status: d.juryDrawn ? 'done' : open ? 'current' : 'skipped', time: d.juryDrawn?.time },
    {
      key: 'commit',
      label: `Votes committed (${d.votesCommitted})`,
      status: d.votesCommitted > 0 ? 'done' : d.juryDrawn && open ? 'current' : 'upcoming',
      time: d.juryDrawn ? d.commitDeadline : undefined,
    },
    {
      key: 'reveal',
      label: `Votes revealed (${d.votesRevealed})`,
      status: d.votesRevealed > 0 ? 'done' : 'upcoming',
      time: d.juryDrawn ? d.revealDeadline : undefined,
    },
    {
      key: 'resolved',
      label: open ? 'Verdict' : enumLabel(d.outcome),
      status: open ? 'upcoming' : d.outcome === 'WORKER_AT_FAULT' ? 'failed' : 'done',
      time: d.resolved?.time,
    },
  ];
}

export function DisputePage({ id }) {
  const dispute = useResource(() => get(`/v1/disputes/${encodeURIComponent(id)}`), [id], { poll: 4000 });
  return (
    <section class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/network">Network</a> › <span>Dispute {id}</span>
      </nav>
      <Resource resource={dispute} label="Loading the dispute…">
        {(d) => (
          <>
            <PageTitle
              sub={
                <>
                  <Badge tone={d.outcome === 'OPEN' ? 'active' : d.outcome === 'WORKER_AT_FAULT' ? 'bad' : 'neutral'}>
                    {enumLabel(d.outcome)}
                  </Badge>{' '}
                  {enumLabel(d.kind)} dispute on <a href={`/jobs/${d.jobId}/segments/${d.segment}`}>job {d.jobId}, segment {d.segment}</a>,
                  step {count(d.step)}
                </>
              }
            >
              Dispute #{d.id}
            </PageTitle>
            <div class="columns">
              <div class="column-main card">
                <dl class="facts">
                  <dt>Challenger</dt>
                  <dd>
                    <Address address={d.challenger} href={`/participants/${d.challenger}`} />
                  </dd>
                  <dt>Worker</dt>
                  <dd>
                    <Address address={d.worker} href={`/participants/${d.worker}`} />
                  </dd>
                  <dt>Committed state</dt>
                  <dd class="mono small break">{d.committedStateHash}</dd>
                  <dt>Challenger's state</dt>
                  <dd class="mono small break">{d.challengerStateHash}</dd>
                  <dt>Jurors</dt>
                  <dd>
                    {d.jurors.length === 0
                      ? 'none drawn'
                      : d.jurors.map((j) => (
                          <div key={j}>
                            <Address address={j} href={`/participants/${j}`} />
                          </div>
                        ))}
                  </dd>
                  {d.settlement && (
                    <>
                      <dt>Slashed</dt>
                      <dd>
                        <Amount value={d.settlement.slashed} /> — to the winner <Amount value={d.settlement.toWinner} />, jurors{' '}
                        <Amount value={d.settlement.toJurors} />, compensation <Amount value={d.settlement.compensation} />, burned{' '}
                        <Amount value={d.settlement.burned} />
                      </dd>
                    </>
                  )}
                  {d.jurorsPenalized > 0 && (
                    <>
                      <dt>Jurors penalised</dt>
                      <dd>{d.jurorsPenalized}</dd>
                    </>
                  )}
                </dl>
                {d.opened && (
                  <p class="muted small">
                    Opened <When time={d.opened.time} /> in block {count(d.opened.block)}.
                  </p>
                )}
              </div>
              <aside class="column-side card">
                <h2>Road</h2>
                <Stepper steps={road(d)} label="Dispute road" />
              </aside>
            </div>
          </>
        )}
      </Resource>
    </section>
  );
}
