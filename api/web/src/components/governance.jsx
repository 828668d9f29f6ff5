// Governance pieces: state badges, the For/Against/Abstain tally, the quorum bar, proposal cards.
import { Amount, Badge, Bar, When } from './ui.jsx';
import { bps, tokensCompact } from '../lib/format.js';
import { quorumProgress, stateLabel, stateTone, voteSplit } from '../lib/proposals.js';
import { useSession } from '../session.jsx';

export function StateBadge({ state }) {
  return (
    <Badge tone={stateTone(state)} testid="proposal-state" state={state}>
      {stateLabel(state)}
    </Badge>
  );
}

const TONES = { FOR: 'for', AGAINST: 'against', ABSTAIN: 'abstain' };

/** Each side's votes and share, with bars. */
export function Tally({ votes }) {
  const split = voteSplit(votes);
  return (
    <div class="tally" data-testid="tally">
      {split.map((side) => (
        <div class="tally-row" key={side.key} data-support={side.key}>
          <div class="tally-head">
            <span class={`tally-label tone-${TONES[side.key]}`}>{side.label}</span>
            <span class="tally-votes" data-testid={`votes-${side.key.toLowerCase()}`} data-votes={side.votes.toString()}>
              <Amount value={side.votes} digits={0} symbol={false} />
              <span class="muted"> · {bps(side.bps)}</span>
            </span>
          </div>
          <Bar valueBps={side.bps} tone={TONES[side.key]} label={`${side.label} ${bps(side.bps)}`} />
        </div>
      ))}
      <div class="muted small">{votes?.voters ?? 0} voters</div>
    </div>
  );
}

/** Quorum progress: For + Abstain against the quorum at the snapshot. */
export function QuorumBar({ summary, compact = false }) {
  const q = quorumProgress(summary);
  return (
    <div class="quorum" data-testid="quorum" data-progress-bps={q.progressBps}>
      <div class="quorum-head">
        <span>Quorum {q.reached ? <Badge tone="good">reached</Badge> : null}</span>
        <span class="muted">
          {q.quorum === null ? (
            'known at the snapshot'
          ) : compact ? (
            `${tokensCompact(q.counted)} / ${tokensCompact(q.quorum)}`
          ) : (
            <>
              <Amount value={q.counted} digits={0} symbol={false} /> / <Amount value={q.quorum} digits={0} />
            </>
          )}
        </span>
      </div>
      <Bar valueBps={q.progressBps} tone={q.reached ? 'good' : 'accent'} label={`Quorum ${bps(q.progressBps)}`} />
    </div>
  );
}

/** Where a proposal stands in time, in words. */
export function ProposalClock({ summary }) {
  const { chainTime } = useSession();
  switch (summary.state) {
    case 'PENDING':
      return (
        <span>
          Voting opens <When time={summary.voteStart} />
        </span>
      );
    case 'ACTIVE':
      return (
        <span>
          Voting ends <When time={summary.voteEnd} />
        </span>
      );
    case 'QUEUED':
      return summary.eta !== undefined && Number(chainTime) >= Number(summary.eta) ? (
        <span>Ready to execute</span>
      ) : (
        <span>
          Executable <When time={summary.eta} />
        </span>
      );
    case 'SUCCEEDED':
      return <span>Passed · waiting to be queued</span>;
    default:
      return (
        <span>
          Voting ended <When time={summary.voteEnd} />
        </span>
      );
  }
}

/** A proposal in the list: title, community, state, tally and quorum at a glance. */
export function ProposalCard({ summary }) {
  const split = voteSplit(summary.votes);
  return (
    <li class="card proposal-card" data-testid="proposal-card" data-proposal-id={summary.id}>
      <a class="card-link" href={`/proposals/${summary.id}`}>
        <div class="proposal-card-head">
          <StateBadge state={summary.state} />
          {summary.model?.community && <span class="chip">{summary.model.community}</span>}
          {summary.kind === 'model' && summary.model?.configName && <span class="chip chip-muted">{summary.model.configName}</span>}
          {summary.model && !summary.model.consistent && <Badge tone="bad">description does not match actions</Badge>}
          <span class="muted small push">
            <ProposalClock summary={summary} />
          </span>
        </div>
        <h2 class="proposal-card-title">{summary.title}</h2>
        <div class="stacked" aria-label="Votes so far">
          {split.map((side) => (
            <span
              key={side.key}
              class={`stacked-part tone-bg-${TONES[side.key]}`}
              style={{ width: `${side.bps / 100}%` }}
              title={`${side.label} ${bps(side.bps)}`}
            />
          ))}
        </div>
        <div class="proposal-card-foot muted small">
          {split.map((side) => (
            <span key={side.key}>
              <span class={`dot tone-bg-${TONES[side.key]}`} aria-hidden="true" /> {side.label} {tokensCompact(side.votes)}
            </span>
          ))}
          <span class="push">Quorum {bps(summary.quorumProgressBps)}</span>
        </div>
      </a>
    </li>
  );
}
