// Small shared pieces: loading and error states, badges, amounts, addresses, bars and steppers.
import { useState } from 'preact/hooks';
import { useSession } from '../session.jsx';
import { absolute, bps, relative, shortAddress, tokens } from '../lib/format.js';

export function Loading({ label = 'Loading…' }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An error a person can act on: the message, and a retry button when one helps. */
export function ErrorNote({ error, retry, title = 'Something went wrong' }) {
  if (!error) return null;
  return (
    <div class="note note-error" role="alert" data-testid="error">
      <strong>{title}.</strong> <span class="error-message">{error.message ?? String(error)}</span>
      {error.fieldErrors?.length > 0 && (
        <ul class="field-errors">
          {error.fieldErrors.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" class="button button-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Loading, error or the content, for a useResource result. */
export function Resource({ resource, label, children }) {
  if (resource.data === undefined && resource.loading) return <Loading label={label} />;
  if (resource.data === undefined && resource.error) return <ErrorNote error={resource.error} retry={resource.reload} />;
  if (resource.data === undefined) return null;
  return (
    <>
      {resource.error && <ErrorNote error={resource.error} title="Could not refresh" retry={resource.reload} />}
      {children(resource.data)}
    </>
  );
}

export function Badge({ tone = 'neutral', children, testid, state }) {
  return (
    <span class={`badge badge-${tone}`} data-testid={testid} data-state={state}>
      {children}
    </span>
  );
}

/** A token amount with the network's symbol; the exact amount in the tooltip. */
export function Amount({ value, digits = 2, symbol = true }) {
  const { network } = useSession();
  const decimals = network?.token?.decimals ?? 18;
  const name = network?.token?.symbol ?? 'POLY';
  return (
    <span class="amount" title={`${tokens(value, decimals, decimals)} ${name}`}>
      {tokens(value, decimals, digits)}
      {symbol && <span class="unit"> {name}</span>}
    </span>
  );
}

/** An address, shortened, with its full form in the tooltip and a copy button. */
export function Address({ address, href, label }) {
  const [copied, setCopied] = useState(false);
  if (!address) return <span class="muted">—</span>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      // Clipboard access can be refused; the address stays visible in the tooltip.
    }
  };
  const text = label ? `${label} (${shortAddress(address)})` : shortAddress(address);
  return (
    <span class="address" title={address}>
      {href ? <a href={href}>{text}</a> : <span class="mono">{text}</span>}
      <button type="button" class="copy" onClick={copy} aria-label={`Copy ${address}`}>
        {copied ? (
          '✓'
        ) : (
          // Drawn, not a font glyph: not every system font has a "copy" symbol.
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
          </svg>
        )}
      </button>
    </span>
  );
}

/** A chain time as "in 2h" or "3m ago" against chain time, with the UTC time in the tooltip. */
export function When({ time }) {
  const { chainTime } = useSession();
  if (time === undefined || time === null) return <span class="muted">—</span>;
  return (
    <time dateTime={new Date(Number(time) * 1000).toISOString()} title={absolute(time)}>
      {relative(time, chainTime)}
    </time>
  );
}

/** A horizontal bar; value in basis points. */
export function Bar({ valueBps, tone = 'accent', label, marker }) {
  const width = Math.max(0, Math.min(10000, valueBps)) / 100;
  return (
    <div
      class="bar"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow={width.toFixed(1)}
      aria-label={label}
    >
      <div class={`bar-fill bar-${tone}`} style={{ width: `${width}%` }} />
      {marker !== undefined && <div class="bar-marker" style={{ left: `${marker / 100}%` }} aria-hidden="true" />}
    </div>
  );
}

export function Stat({ label, children, hint, testid }) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{children}</div>
      {hint && <div class="stat-hint">{hint}</div>}
    </div>
  );
}

/** A vertical or horizontal list of steps: done, current, upcoming, failed. */
export function Stepper({ steps, horizontal = false, label, testid }) {
  return (
    <ol class={`stepper ${horizontal ? 'stepper-h' : 'stepper-v'}`} aria-label={label} data-testid={testid}>
      {steps.map((step) => (
        <li key={step.key} class={`step step-${step.status}`} data-step={step.key} data-status={step.status}>
          <span class="step-dot" aria-hidden="true" />
          <div class="step-body">
            <span class="step-label">{step.label}</span>
            <span class="visually-hidden"> ({step.status})</span>
            {step.time !== undefined && step.time !== null && (
              <span class="step-time">
                <When time={step.time} />
              </span>
            )}
            {step.extra}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** A share as text and a small bar. */
export function Share({ valueBps, tone }) {
  return (
    <span class="share">
      <Bar valueBps={valueBps} tone={tone} label={bps(valueBps)} />
      <span class="share-text">{bps(valueBps)}</span>
    </span>
  );
}

/** A notice after something was sent: what, and the transaction. */
export function Sent({ result, children }) {
  if (!result) return null;
  return (
    <div class="note note-success" role="status" data-testid="sent">
      {children}
      {result.transactionHash && (
        <div class="muted small">
          Transaction <span class="mono">{result.transactionHash.slice(0, 18)}…</span>
          {result.block !== undefined && <> in block {result.block}</>}
        </div>
      )}
    </div>
  );
}

export function Empty({ children }) {
  return <div class="empty">{children}</div>;
}

export function PageTitle({ children, sub, actions }) {
  return (
    <header class="page-title">
      <div>
        <h1>{children}</h1>
        {sub && <p class="muted">{sub}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}

/**
 * A data table from column descriptions. Each column has a `label`, a `cell(row)` renderer, and
 * optionally `num` (a right-aligned figure), `class` (a string, or a function of the row for a tone
 * that depends on it) and `testid` (on each of its cells). `rowProps(row)` adds attributes to a row.
 */
export function Table({ columns, rows, rowKey, rowProps, testid, compact = false }) {
  return (
    <table class={compact ? 'table compact' : 'table'} data-testid={testid}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" class={column.num ? 'num' : undefined}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...(rowProps ? rowProps(row) : {})}>
            {columns.map((column) => (
              <td key={column.label} class={cellClass(column, row)} data-testid={column.testid}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cellClass(column, row) {
  const extra = typeof column.class === 'function' ? column.class(row) : column.class;
  const classes = [column.num ? 'num' : '', extra ?? ''].filter((c) => c !== '').join(' ');
  return classes === '' ? undefined : classes;
}
