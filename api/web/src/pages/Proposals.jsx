// The proposal list, newest first, filtered by state; the network at a glance; the account's
// standing (with a nudge to delegate when its votes are not active).
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { count } from '../lib/format.js';
import { navigate, useLocation } from '../lib/router.js';
import { useSession } from '../session.jsx';
import { ProposalCard } from '../components/governance.jsx';
import { Amount, Empty, ErrorNote, Loading, PageTitle, Stat } from '../components/ui.jsx';

const FILTERS = [
  ['', 'All'],
  ['ACTIVE', 'Active'],
  ['PENDING', 'Pending'],
  ['SUCCEEDED', 'Succeeded'],
  ['QUEUED', 'Queued'],
  ['EXECUTED', 'Executed'],
  ['DEFEATED', 'Defeated'],
];

export function AccountStanding() {
  const { account, accountLabel } = useSession();
  const standing = useResource(() => (account ? get(`/v1/accounts/${account.address}`) : null), [account?.address], {
    poll: 5000,
  });
  if (!account) {
    return (
      <div class="card callout" data-testid="standing">
        <strong>Choose an account</strong> to vote, delegate and propose: connect a browser wallet
        {' '}or, on the devnet, pick a demo account from the account menu.
      </div>
    );
  }
  const data = standing.data;
  if (!data) return standing.error ? <ErrorNote error={standing.error} retry={standing.reload} /> : null;
  const inactive = BigInt(data.votes) === 0n && BigInt(data.balance) > 0n;
  return (
    <div class={`card standing ${inactive ? 'callout' : ''}`} data-testid="standing">
      <Stat label={accountLabel ? `${accountLabel}’s balance` : 'Your balance'}>
        <Amount value={data.balance} digits={0} />
      </Stat>
      <Stat label="Voting power" testid="standing-votes">
        <Amount value={data.votes} digits={0} symbol={false} />
      </Stat>
      <Stat label="Delegating to">
        {data.delegate ? (data.delegate === account.address ? 'yourself' : <span class="mono">{data.delegate.slice(0, 10)}…</span>) : 'nobody'}
      </Stat>
      {inactive && (
        <p class="standing-hint">
          Your tokens do not vote until you delegate them — to yourself or to someone you trust.{' '}
          <a class="button button-small" href="/delegate">
            Delegate
          </a>
        </p>
      )}
    </div>
  );
}

export function ProposalsPage() {
  const { network } = useSession();
  const { search } = useLocation();
  const state = new URLSearchParams(search).get('state') ?? '';
  const [pages, setPages] = useState([]);
  const first = useResource(() => get('/v1/proposals' + query({ state, limit: 20 })), [state], { poll: 5000 });
  const treasury = useResource(() => get('/v1/treasury?limit=1'), [], { poll: 15000 });
  const [more, setMore] = useState({ loading: false, error: null });

  useEffect(() => setPages([]), [state]);

  const loadMore = async () => {
    const last = pages.length ? pages[pages.length - 1] : first.data;
    if (!last?.next) return;
    setMore({ loading: true, error: null });
    try {
      const page = await get('/v1/proposals' + query({ state, limit: 20, before: last.next }));
      setPages([...pages, page]);
      setMore({ loading: false, error: null });
    } catch (error) {
      setMore({ loading: false, error });
    }
  };

  const items = [...(first.data?.items ?? []), ...pages.flatMap((p) => p.items)];
  const hasMore = Boolean((pages.length ? pages[pages.length - 1] : first.data)?.next);
  return (
    <section class="page">
      <PageTitle
        sub="Communities propose models; token holders vote compute to them."
        actions={
          <a class="button" href="/propose" data-testid="new-proposal">
            Propose a model
          </a>
        }
      >
        Proposals
      </PageTitle>
      <div class="stats">
        <Stat label="Proposals">{network ? count(network.counts.proposals) : '—'}</Stat>
        <Stat label="Training jobs">
          <a href="/jobs">{network ? count(network.counts.jobs) : '—'}</a>
        </Stat>
        <Stat label="Workers staked">{network ? count(network.stake.workerCount) : '—'}</Stat>
        <Stat label="Treasury">{treasury.data ? <Amount value={treasury.data.balance} digits={0} /> : '—'}</Stat>
      </div>
      <AccountStanding />
      <div class="tabs" role="tablist" aria-label="Filter by state">
        {FILTERS.map(([value, label]) => (
          <button
            type="button"
            role="tab"
            aria-selected={state === value}
            class={`tab ${state === value ? 'active' : ''}`}
            key={value}
            onClick={() => navigate(value ? `/?state=${value}` : '/', { replace: true })}
          >
            {label}
          </button>
        ))}
      </div>
      {first.data === undefined && first.loading && <Loading label="Loading proposals…" />}
      {first.error && <ErrorNote error={first.error} retry={first.reload} title="Could not load proposals" />}
      {first.data && items.length === 0 && (
        <Empty>
          {state ? 'No proposals in this state.' : 'No proposals yet.'} <a href="/propose">Propose a model</a> to start.
        </Empty>
      )}
      <ul class="proposal-list" data-testid="proposal-list">
        {items.map((p) => (
          <ProposalCard summary={p} key={p.id} />
        ))}
      </ul>
      {hasMore && (
        <button type="button" class="button button-ghost" onClick={loadMore} disabled={more.loading}>
          {more.loading ? 'Loading…' : 'Older proposals'}
        </button>
      )}
      <ErrorNote error={more.error} />
    </section>
  );
}
