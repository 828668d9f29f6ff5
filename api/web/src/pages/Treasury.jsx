// The treasury: what the community holds, what flowed in and out, and what is escrowed in jobs.
import { useState } from 'preact/hooks';
import { get, query } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { Address, Amount, Empty, ErrorNote, PageTitle, Resource, Stat, When } from '../components/ui.jsx';

export function TreasuryPage() {
  const treasury = useResource(() => get('/v1/treasury?limit=50'), [], { poll: 8000 });
  const [older, setOlder] = useState([]);
  const [error, setError] = useState(null);
  const next = older.length ? older[older.length - 1].next : treasury.data?.flows?.next;
  const loadOlder = async () => {
    try {
      const page = await get('/v1/treasury' + query({ limit: 50, before: next }));
      setOlder([...older, page.flows]);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="page">
      <PageTitle sub="The timelock holds the community's tokens; executed proposals move them into training jobs' escrow.">
        Treasury
      </PageTitle>
      <Resource resource={treasury} label="Loading the treasury…">
        {(t) => {
          const flows = [...t.flows.items, ...older.flatMap((p) => p.items)];
          return (
            <>
              <div class="stats" data-testid="treasury-stats">
                <Stat label="Balance" testid="treasury-balance">
                  <Amount value={t.balance} digits={0} />
                </Stat>
                <Stat label="Escrowed in jobs">
                  <Amount value={t.escrowedInJobs} digits={0} />
                </Stat>
                <Stat label="Received">
                  <Amount value={t.inflow} digits={0} />
                </Stat>
                <Stat label="Paid out">
                  <Amount value={t.outflow} digits={0} />
                </Stat>
              </div>
              <section class="card">
                <h2>Flows</h2>
                <p class="muted small">
                  Treasury <Address address={t.address} />
                </p>
                {flows.length === 0 ? (
                  <Empty>No flows yet.</Empty>
                ) : (
                  <table class="table" data-testid="treasury-flows">
                    <thead>
                      <tr>
                        <th scope="col">Direction</th>
                        <th scope="col">Counterparty</th>
                        <th scope="col" class="num">
                          Amount
                        </th>
                        <th scope="col">When</th>
                      </tr>
                    </thead>
                    <tbody>
                      {flows.map((f) => (
                        <tr key={f.sequence}>
                          <td class={f.inflow ? 'tone-for' : 'tone-against'}>{f.inflow ? 'In' : 'Out'}</td>
                          <td>
                            <Address address={f.counterparty} />
                          </td>
                          <td class="num">
                            <Amount value={f.amount} />
                          </td>
                          <td>
                            <When time={f.moment.time} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {next && (
                  <button type="button" class="button button-ghost" onClick={loadOlder}>
                    Older flows
                  </button>
                )}
                <ErrorNote error={error} />
              </section>
            </>
          );
        }}
      </Resource>
    </section>
  );
}
