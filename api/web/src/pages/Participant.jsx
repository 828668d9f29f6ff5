// A worker or verifier: stake, rewards, slashes, and its history on chain.
import { get } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { count, enumLabel } from '../lib/format.js';
import { DisputesTable } from './Job.jsx';
import { Address, Amount, Badge, Empty, PageTitle, Resource, Stat, When } from '../components/ui.jsx';

export function ParticipantPage({ address }) {
  const detail = useResource(() => get(`/v1/participants/${encodeURIComponent(address)}`), [address], { poll: 6000 });
  return (
    <section class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/network">Network</a> › <span>Participant</span>
      </nav>
      <Resource resource={detail} label="Loading the participant…">
        {({ participant: p, history, disputes }) => (
          <>
            <PageTitle
              sub={
                <>
                  {p.roles.map((r) => (
                    <Badge key={r}>{r}</Badge>
                  ))}{' '}
                  {p.hardware && <span class="muted">{p.hardware}</span>} {p.endpoint && <span class="mono small">{p.endpoint}</span>}
                </>
              }
            >
              <Address address={p.address} />
            </PageTitle>
            <div class="stats">
              <Stat label="Bonded stake">
                <Amount value={p.bonded} digits={0} />
              </Stat>
              <Stat label="Unbonding" hint={BigInt(p.unbonding) > 0n ? <>released <When time={p.unbondingReleaseAt} /></> : undefined}>
                <Amount value={p.unbonding} digits={0} />
              </Stat>
              <Stat label="Segment rewards">
                <Amount value={p.segmentRewards} />
              </Stat>
              <Stat label="Slashed">
                <Amount value={p.slashed} />
              </Stat>
              <Stat label="Commits" hint={`${count(p.rewardedSegments)} rewarded · ${count(p.fraudSegments)} fraud`}>
                {count(p.commits)}
              </Stat>
              <Stat label="Disputes" hint={`${count(p.jurySeats)} jury seats`}>
                {count(p.disputesOpened)} opened · {count(p.disputesAgainst)} against
              </Stat>
            </div>
            <section class="card">
              <h2>History</h2>
              {history.items.length === 0 ? (
                <Empty>Nothing yet.</Empty>
              ) : (
                <table class="table" data-testid="history-table">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Job · segment</th>
                      <th scope="col" class="num">
                        Amount
                      </th>
                      <th scope="col">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.items.map((h) => (
                      <tr key={h.sequence}>
                        <td>{enumLabel(h.kind)}</td>
                        <td>
                          {h.jobId !== undefined ? <a href={`/jobs/${h.jobId}`}>job {h.jobId}</a> : '—'}
                          {h.segment !== undefined && (
                            <>
                              {' '}
                              · <a href={`/jobs/${h.jobId}/segments/${h.segment}`}>segment {h.segment}</a>
                            </>
                          )}
                          {h.disputeId !== undefined && (
                            <>
                              {' '}
                              · <a href={`/disputes/${h.disputeId}`}>dispute {h.disputeId}</a>
                            </>
                          )}
                        </td>
                        <td class="num">{h.amount !== undefined ? <Amount value={h.amount} /> : '—'}</td>
                        <td>
                          <When time={h.at.time} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            {disputes.length > 0 && (
              <section class="card">
                <h2>Disputes</h2>
                <DisputesTable disputes={disputes} />
              </section>
            )}
          </>
        )}
      </Resource>
    </section>
  );
}
