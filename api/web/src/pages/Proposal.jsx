// A proposal: what it does (the model, dataset, budget, decoded actions), the vote (For/Against/
// Abstain with the acting account), the tally and quorum, the timeline, and queue/execute once
// it passed. Polled, so votes by others and the chain's clock show up by themselves.
import { useState } from 'preact/hooks';
import { ApiError, get } from '../lib/api.js';
import { useAction, useResource } from '../lib/hooks.js';
import { count, duration, enumLabel, shortHash } from '../lib/format.js';
import { openActions, SUPPORT, timelineSteps } from '../lib/proposals.js';
import { useSession } from '../session.jsx';
import { execute, queue, vote } from '../wallet/actions.js';
import { walletMessage } from '../wallet/eip1193.js';
import { ProposalClock, QuorumBar, StateBadge, Tally } from '../components/governance.jsx';
import { Address, Amount, Badge, Empty, ErrorNote, PageTitle, Resource, Sent, Stepper, When } from '../components/ui.jsx';

const POLL_MS = 3000;

function asError(e) {
  return e instanceof ApiError ? e : new Error(walletMessage(e));
}

function VotePanel({ detail, myVote, onDone }) {
  const session = useSession();
  const { account, network } = session;
  const [choice, setChoice] = useState(null);
  const action = useAction(async (support) => {
    try {
      return await vote(account, network, detail.summary.id, support);
    } catch (e) {
      throw asError(e);
    }
  });
  if (detail.summary.state !== 'ACTIVE') return null;
  if (myVote) {
    return (
      <section class="card" data-testid="vote-panel">
        <h2>Your vote</h2>
        <p data-testid="my-vote">
          You voted <strong>{enumLabel(myVote.support)}</strong> with <Amount value={myVote.weight} digits={0} />.
        </p>
      </section>
    );
  }
  const cast = async (support) => {
    setChoice(support);
    const result = await action.run(support);
    if (result) onDone();
  };
  const how =
    account?.kind === 'demo'
      ? 'as a devnet demo account'
      : network?.capabilities?.voteRelay
        ? 'by signing a ballot in your wallet (free: the server relays it)'
        : 'with a transaction from your wallet';
  return (
    <section class="card" data-testid="vote-panel" aria-labelledby="vote-heading">
      <h2 id="vote-heading">Cast your vote</h2>
      {!account ? (
        <p class="muted">Choose an account in the top right to vote.</p>
      ) : (
        <>
          <div class="vote-buttons" role="group" aria-label="Your vote">
            {SUPPORT.map((s) => (
              <button
                type="button"
                key={s.key}
                class={`button vote-${s.key.toLowerCase()}`}
                disabled={action.pending}
                data-testid={`vote-${s.key.toLowerCase()}`}
                onClick={() => cast(s.code)}
              >
                {action.pending && choice === s.code ? 'Sending…' : s.label}
              </button>
            ))}
          </div>
          <p class="muted small">Voting {how}.</p>
        </>
      )}
      <ErrorNote error={action.error} title="Your vote was not counted" />
      <Sent result={action.result}>Vote sent.</Sent>
    </section>
  );
}

function ExecutionPanel({ detail, onDone }) {
  const { account, network, chainTime } = useSession();
  const open = openActions(detail.summary, chainTime, false);
  const act = useAction(async (which) => {
    try {
      const call = which === 'queue' ? queue : execute;
      return await call(account, network, detail.summary.id, detail.execution);
    } catch (e) {
      throw asError(e);
    }
  });
  if (!['SUCCEEDED', 'QUEUED'].includes(detail.summary.state)) return null;
  const run = async (which) => {
    if (await act.run(which)) onDone();
  };
  return (
    <section class="card" data-testid="execution-panel">
      <h2>{detail.summary.state === 'SUCCEEDED' ? 'Queue for execution' : 'Execute'}</h2>
      {detail.summary.state === 'SUCCEEDED' && (
        <p class="muted">The proposal passed. Anyone may queue it in the timelock; it can run after the delay.</p>
      )}
      {detail.summary.state === 'QUEUED' && !open.execute && (
        <p class="muted">
          Queued. The timelock lets it run <When time={open.executeAt} />.
        </p>
      )}
      {detail.summary.state === 'QUEUED' && open.execute && (
        <p class="muted">The delay has passed: executing it creates the training job and funds it from the treasury.</p>
      )}
      {!account && <p class="muted">Choose an account to send it.</p>}
      {account && open.queue && (
        <button type="button" class="button" data-testid="queue" disabled={act.pending} onClick={() => run('queue')}>
          {act.pending ? 'Queueing…' : 'Queue'}
        </button>
      )}
      {account && detail.summary.state === 'QUEUED' && (
        <button
          type="button"
          class="button"
          data-testid="execute"
          disabled={act.pending || !open.execute}
          onClick={() => run('execute')}
        >
          {act.pending ? 'Executing…' : 'Execute'}
        </button>
      )}
      <ErrorNote error={act.error} title="Not sent" />
      <Sent result={act.result}>Sent.</Sent>
    </section>
  );
}

function ModelDetails({ detail }) {
  const model = detail.model;
  const create = detail.actions.find((a) => a.createJob)?.createJob;
  if (!model && !create) return null;
  const cost = model?.cost;
  return (
    <section class="card" data-testid="model-details">
      <h2>The model</h2>
      {model && !model.consistent && (
        <div class="note note-error" role="alert">
          <strong>Warning:</strong> the description does not match what the proposal does
          {model.inconsistency ? ` (${enumLabel(model.inconsistency)})` : ''}. {model.inconsistencyDetail}
        </div>
      )}
      {model?.summary && <p class="summary-text">{model.summary}</p>}
      <dl class="facts">
        {model && (
          <>
            <dt>Community</dt>
            <dd>{model.community}</dd>
          </>
        )}
        {create && (
          <>
            <dt>Architecture</dt>
            <dd>
              {model?.configName && <span class="chip">{model.configName}</span>} {create.config.layers} layers × width{' '}
              {create.config.channels}, {create.config.heads} heads, context {create.config.context}, batch{' '}
              {create.config.batch} · <strong>{count(create.config.parameters)}</strong> parameters
            </dd>
            <dt>Training</dt>
            <dd>
              {count(create.totalSteps)} steps in {count(create.segments)} segments of {count(create.segmentLength)}
            </dd>
            <dt>Reward</dt>
            <dd>
              <Amount value={create.rewardPerSegment} /> per segment · budget <Amount value={create.budget} />
            </dd>
            <dt>Worker stake</dt>
            <dd>
              at least <Amount value={create.minWorkerStake} digits={0} />
            </dd>
            <dt>Challenge window</dt>
            <dd>{duration(create.challengeWindowSeconds)}</dd>
            <dt>Dataset</dt>
            <dd>
              root <span class="mono">{shortHash(create.datasetRoot, 14)}</span>
              {model?.datasetBytes ? <> · {count(model.datasetBytes)} bytes</> : null}
              <ul class="plain">
                {create.datasetLocations.map((l) => (
                  <li key={l} class="mono small">
                    {l}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {cost && (
          <>
            <dt>Training tokens</dt>
            <dd>
              {count(cost.trainingTokens)} ({count(cost.tokensPerStep)} per step)
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Actions({ actions }) {
  return (
    <details class="card">
      <summary>
        <h2 class="inline">What it executes ({actions.length} calls)</h2>
      </summary>
      <ol class="actions-list">
        {actions.map((a, i) => (
          <li key={i}>
            <strong>{a.contract}</strong>.{a.function ?? 'call'}
            {a.approval && (
              <>
                {' '}
                — lets <span class="mono">{shortHash(a.approval.spender)}</span> take <Amount value={a.approval.amount} />
              </>
            )}
            {a.createJob && <> — creates the training job and escrows <Amount value={a.createJob.budget} /></>}
            <div class="mono small muted break">{a.target}</div>
          </li>
        ))}
      </ol>
    </details>
  );
}

function Votes({ id, version }) {
  const votes = useResource(() => get(`/v1/proposals/${id}/votes?limit=200`), [id, version], { poll: POLL_MS * 2 });
  return (
    <section class="card">
      <h2>Votes</h2>
      <Resource resource={votes} label="Loading votes…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No votes yet.</Empty>
          ) : (
            <table class="table" data-testid="votes-table">
              <thead>
                <tr>
                  <th scope="col">Voter</th>
                  <th scope="col">Vote</th>
                  <th scope="col" class="num">
                    Weight
                  </th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((v) => (
                  <tr key={v.voter} data-voter={v.voter}>
                    <td>
                      <Address address={v.voter} />
                    </td>
                    <td>
                      <span class={`tone-${v.support.toLowerCase()}`}>{enumLabel(v.support)}</span>
                    </td>
                    <td class="num">
                      <Amount value={v.weight} digits={0} symbol={false} />
                    </td>
                    <td>
                      <When time={v.cast.time} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Resource>
    </section>
  );
}

export function ProposalPage({ id }) {
  const { account } = useSession();
  const [version, setVersion] = useState(0);
  const proposal = useResource(() => get(`/v1/proposals/${encodeURIComponent(id)}`), [id, version], { poll: POLL_MS });
  const myVote = useResource(
    () =>
      account
        ? get(`/v1/proposals/${encodeURIComponent(id)}/votes/${account.address}`).catch((e) => {
            if (e.status === 404) return null;
            throw e;
          })
        : null,
    [id, account?.address, version],
    { poll: POLL_MS },
  );
  const refresh = () => setVersion((v) => v + 1);

  return (
    <section class="page">
      <Resource resource={proposal} label="Loading the proposal…">
        {(detail) => (
          <>
            <nav class="crumbs" aria-label="Breadcrumb">
              <a href="/">Proposals</a> › <span>#{detail.summary.sequence}</span>
            </nav>
            <PageTitle
              sub={
                <>
                  <StateBadge state={detail.summary.state} /> {detail.summary.model?.community && <span class="chip">{detail.summary.model.community}</span>}{' '}
                  by <Address address={detail.summary.proposer} /> · <ProposalClock summary={detail.summary} />
                </>
              }
            >
              <span data-testid="proposal-title">{detail.summary.title}</span>
            </PageTitle>
            <div class="columns">
              <div class="column-main">
                <VotePanel detail={detail} myVote={myVote.data} onDone={refresh} />
                <ExecutionPanel detail={detail} onDone={refresh} />
                {detail.summary.jobIds.length > 0 && (
                  <section class="card callout" data-testid="proposal-jobs">
                    <h2>Training</h2>
                    <p>
                      This proposal created{' '}
                      {detail.summary.jobIds.map((j) => (
                        <a key={j} href={`/jobs/${j}`} class="button button-small" data-testid="job-link">
                          job {j} — watch it train
                        </a>
                      ))}
                    </p>
                  </section>
                )}
                <ModelDetails detail={detail} />
                <section class="card">
                  <h2>Description</h2>
                  <div class="description">{detail.description}</div>
                  {detail.descriptionTruncated && <p class="muted small">The description is longer than the server keeps.</p>}
                </section>
                <Actions actions={detail.actions} />
                <Votes id={id} version={version} />
              </div>
              <aside class="column-side">
                <section class="card">
                  <h2>Results</h2>
                  <Tally votes={detail.summary.votes} />
                  <QuorumBar summary={detail.summary} />
                  {detail.supplyAtSnapshot && (
                    <p class="muted small">
                      Supply at snapshot <Amount value={detail.supplyAtSnapshot} digits={0} /> · turnout{' '}
                      {(detail.summary.turnoutBps / 100).toFixed(1)}%
                    </p>
                  )}
                </section>
                <section class="card">
                  <h2>Timeline</h2>
                  <Stepper steps={timelineSteps(detail)} label="Proposal timeline" testid="proposal-timeline" />
                </section>
                {detail.summary.model && !detail.summary.model.consistent && <Badge tone="bad">inconsistent</Badge>}
              </aside>
            </div>
          </>
        )}
      </Resource>
    </section>
  );
}
