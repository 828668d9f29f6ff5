// The network: stake by role, workers and verifiers, recent disputes and slashes, the token and
// governance settings, and how current this server's index is.
import { Fragment } from 'preact';
import { get } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { count, duration, tokensCompact } from '../lib/format.js';
import { useSession } from '../session.jsx';
import { DisputesTable, VerifiersTable } from './Job.jsx';
import { Address, Amount, Badge, Empty, Loading, PageTitle, Resource, Stat, Table, When } from '../components/ui.jsx';

function WorkersTable() {
  const workers = useResource(() => get('/v1/participants?role=worker&limit=500'), [], { poll: 8000 });
  return (
    <section class="card">
      <h2>Workers</h2>
      <Resource resource={workers} label="Loading workers…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No worker has staked yet.</Empty>
          ) : (
            <Table
              testid="network-workers"
              rows={list}
              rowKey={(w) => w.address}
              columns={[
                { label: 'Worker', cell: (w) => <Address address={w.address} href={`/participants/${w.address}`} /> },
                { label: 'Stake', num: true, cell: (w) => <Amount value={w.bonded} digits={0} /> },
                { label: 'Commits', num: true, cell: (w) => count(w.commits) },
                { label: 'Rewarded', num: true, cell: (w) => count(w.rewardedSegments) },
                {
                  label: 'Slashed',
                  num: true,
                  class: (w) => (BigInt(w.slashed) > 0n ? 'tone-against' : ''),
                  cell: (w) => <Amount value={w.slashed} digits={0} symbol={false} />,
                },
                { label: 'Hardware', class: 'muted small', cell: (w) => w.hardware || '—' },
              ]}
            />
          )
        }
      </Resource>
    </section>
  );
}

function Slashes() {
  const slashes = useResource(() => get('/v1/slashes?limit=20'), [], { poll: 8000 });
  return (
    <section class="card">
      <h2>Recent slashes</h2>
      <Resource resource={slashes} label="Loading slashes…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Nobody has been slashed.</Empty>
          ) : (
            <Table
              testid="slashes-table"
              rows={page.items}
              rowKey={(s) => s.sequence}
              columns={[
                { label: 'Account', cell: (s) => <Address address={s.account} href={`/participants/${s.account}`} /> },
                { label: 'Amount', num: true, class: 'tone-against', cell: (s) => <Amount value={s.amount} /> },
                { label: 'To', cell: (s) => <Address address={s.recipient} /> },
                { label: 'When', cell: (s) => <When time={s.at.time} /> },
              ]}
            />
          )
        }
      </Resource>
    </section>
  );
}

function RecentDisputes() {
  const disputes = useResource(() => get('/v1/disputes?limit=20'), [], { poll: 8000 });
  return (
    <section class="card">
      <h2>Recent disputes</h2>
      <Resource resource={disputes} label="Loading disputes…">
        {(page) => (page.items.length === 0 ? <Empty>No disputes yet.</Empty> : <DisputesTable disputes={page.items} />)}
      </Resource>
    </section>
  );
}

export function NetworkPage() {
  const { network } = useSession();
  if (!network) return <Loading label="Loading the network…" />;
  const g = network.governance;
  return (
    <section class="page">
      <PageTitle sub="Who trains and who checks, what they staked, and what went wrong.">Network</PageTitle>
      <div class="stats" data-testid="network-stats">
        <Stat label="Worker stake" hint={`${count(network.stake.workerCount)} workers`}>
          <Amount value={network.stake.workers} digits={0} />
        </Stat>
        <Stat label="Verifier stake" hint={`${count(network.stake.verifierCount)} verifiers`}>
          <Amount value={network.stake.verifiers} digits={0} />
        </Stat>
        <Stat label="Disputes">{count(network.counts.disputes)}</Stat>
        <Stat label="Slashes">{count(network.counts.slashes)}</Stat>
        <Stat label="Supply" hint={`${tokensCompact(network.token.burned)} burned`}>
          {tokensCompact(network.token.totalSupply)} {network.token.symbol}
        </Stat>
        <Stat label="Jobs">{count(network.counts.jobs)}</Stat>
      </div>
      <div class="columns-even">
        <WorkersTable />
        <VerifiersTable />
      </div>
      <RecentDisputes />
      <Slashes />
      <div class="columns-even">
        <section class="card">
          <h2>Governance</h2>
          {g ? (
            <dl class="facts">
              <dt>Voting delay</dt>
              <dd>{duration(g.votingDelaySeconds)}</dd>
              <dt>Voting period</dt>
              <dd>{duration(g.votingPeriodSeconds)}</dd>
              <dt>Quorum</dt>
              <dd>{g.quorumPercent}% of the supply (For + Abstain)</dd>
              <dt>Proposal threshold</dt>
              <dd>
                <Amount value={g.proposalThreshold} digits={0} />
              </dd>
              <dt>Timelock delay</dt>
              <dd>{duration(g.timelockDelaySeconds)}</dd>
            </dl>
          ) : (
            <Empty>Not read yet.</Empty>
          )}
        </section>
        <section class="card">
          <h2>This server</h2>
          <dl class="facts">
            <dt>Chain</dt>
            <dd>{network.chainId}</dd>
            <dt>Index</dt>
            <dd>
              {network.indexing.healthy ? <Badge tone="good">current</Badge> : <Badge tone="bad">behind</Badge>} block{' '}
              {count(network.indexing.protocolBlock)} · chain time <When time={network.indexing.chainTime} />
            </dd>
            <dt>Relays</dt>
            <dd>
              votes {network.capabilities.voteRelay ? 'yes' : 'no'} · delegations {network.capabilities.delegationRelay ? 'yes' : 'no'}
            </dd>
            {Object.entries(network.contracts).map(([name, address]) => (
              <Fragment key={name}>
                <dt>{name}</dt>
                <dd>
                  <Address address={address} />
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      </div>
    </section>
  );
}
