// Delegation: tokens vote only once delegated — to oneself or to someone else. Shows the account's
// standing, the choice, and the delegates others chose.
import { useState } from 'preact/hooks';
import { ApiError, get } from '../lib/api.js';
import { useAction, useResource } from '../lib/hooks.js';
import { count } from '../lib/format.js';
import { useSession } from '../session.jsx';
import { delegate } from '../wallet/actions.js';
import { walletMessage } from '../wallet/eip1193.js';
import { AccountStanding } from './Proposals.jsx';
import { Address, Amount, Empty, ErrorNote, PageTitle, Resource, Sent } from '../components/ui.jsx';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function DelegatePage() {
  const { account, network, reloadDemoAccounts } = useSession();
  const [mode, setMode] = useState('self');
  const [other, setOther] = useState('');
  const [version, setVersion] = useState(0);
  const delegates = useResource(() => get('/v1/delegates?limit=50'), [version], { poll: 6000 });
  const action = useAction(async (delegatee) => {
    try {
      return await delegate(account, network, delegatee);
    } catch (e) {
      throw e instanceof ApiError ? e : new Error(walletMessage(e));
    }
  });
  const target = mode === 'self' ? account?.address : other.trim().toLowerCase();
  const invalid = mode === 'other' && other.trim() !== '' && !ADDRESS.test(other.trim());

  const submit = async (event) => {
    event.preventDefault();
    if (!account || !target || !ADDRESS.test(target)) return;
    if (await action.run(target)) {
      setVersion((v) => v + 1);
      reloadDemoAccounts();
    }
  };
  const how =
    account?.kind === 'demo'
      ? 'The devnet sends it with the demo account’s key.'
      : network?.capabilities?.delegationRelay
        ? 'You sign a delegation in your wallet; the server relays it and pays the gas.'
        : 'Your wallet sends a transaction to the token contract.';

  return (
    <section class="page">
      <PageTitle sub="Your tokens count in votes only once delegated: to yourself, or to someone who votes for you.">
        Delegate
      </PageTitle>
      <AccountStanding />
      <div class="columns">
        <form class="column-main card form" onSubmit={submit} data-testid="delegate-form">
          <h2>Delegate your votes</h2>
          <fieldset class="field">
            <legend>To</legend>
            <label class="radio">
              <input type="radio" name="mode" checked={mode === 'self'} onChange={() => setMode('self')} data-testid="delegate-self" />
              Myself — I vote with my own tokens
            </label>
            <label class="radio">
              <input type="radio" name="mode" checked={mode === 'other'} onChange={() => setMode('other')} data-testid="delegate-other" />
              Another address
            </label>
          </fieldset>
          {mode === 'other' && (
            <div class={`field ${invalid ? 'field-invalid' : ''}`}>
              <label for="delegatee">Delegate's address</label>
              <input
                id="delegatee"
                class="mono"
                value={other}
                spellcheck={false}
                placeholder="0x…"
                onInput={(e) => setOther(e.currentTarget.value)}
                aria-invalid={invalid}
                data-testid="delegatee"
              />
              {invalid && (
                <div class="field-error" role="alert">
                  An address is 0x and 40 hex digits.
                </div>
              )}
            </div>
          )}
          <div class="form-actions">
            <button
              type="submit"
              class="button"
              data-testid="delegate-submit"
              disabled={!account || action.pending || !target || !ADDRESS.test(target)}
            >
              {action.pending ? 'Delegating…' : 'Delegate'}
            </button>
            {account ? <span class="muted small">{how}</span> : <span class="muted">Choose an account first.</span>}
          </div>
          <ErrorNote error={action.error} title="Not delegated" />
          <Sent result={action.result}>Delegated. Your voting power counts for proposals created from now on.</Sent>
        </form>
        <aside class="column-side card">
          <h2>Delegates</h2>
          <Resource resource={delegates} label="Loading delegates…">
            {(list) =>
              list.length === 0 ? (
                <Empty>Nobody has delegated yet.</Empty>
              ) : (
                <table class="table" data-testid="delegates-table">
                  <thead>
                    <tr>
                      <th scope="col">Delegate</th>
                      <th scope="col" class="num">
                        Votes
                      </th>
                      <th scope="col" class="num">
                        Delegators
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((d) => (
                      <tr key={d.address}>
                        <td>
                          <Address address={d.address} />
                          {account && d.address !== account.address && (
                            <button
                              type="button"
                              class="link-button small"
                              onClick={() => {
                                setMode('other');
                                setOther(d.address);
                              }}
                            >
                              choose
                            </button>
                          )}
                        </td>
                        <td class="num">
                          <Amount value={d.votes} digits={0} symbol={false} />
                        </td>
                        <td class="num">{count(d.delegators)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Resource>
        </aside>
      </div>
    </section>
  );
}
