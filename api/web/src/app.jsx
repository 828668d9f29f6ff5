// The frame: header with navigation and the account menu, the network's warnings, and the routes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { compile, resolve, useLocation } from './lib/router.js';
import { useSession } from './session.jsx';
import { absolute, shortAddress, tokensCompact } from './lib/format.js';
import { ErrorNote } from './components/ui.jsx';
import { advanceTime } from './wallet/actions.js';
import { walletMessage } from './wallet/eip1193.js';
import { ProposalsPage } from './pages/Proposals.jsx';
import { ProposalPage } from './pages/Proposal.jsx';
import { ProposePage } from './pages/Propose.jsx';
import { DelegatePage } from './pages/Delegate.jsx';
import { JobsPage } from './pages/Jobs.jsx';
import { JobPage } from './pages/Job.jsx';
import { SegmentPage } from './pages/Segment.jsx';
import { NetworkPage } from './pages/Network.jsx';
import { TreasuryPage } from './pages/Treasury.jsx';
import { ParticipantPage } from './pages/Participant.jsx';
import { DisputePage } from './pages/Dispute.jsx';

const ROUTES = [
  ['/', ProposalsPage, 'Proposals'],
  ['/proposals', ProposalsPage, 'Proposals'],
  ['/proposals/:id', ProposalPage, 'Proposal'],
  ['/propose', ProposePage, 'Propose a model'],
  ['/delegate', DelegatePage, 'Delegate'],
  ['/jobs', JobsPage, 'Training jobs'],
  ['/jobs/:id', JobPage, 'Job'],
  ['/jobs/:id/segments/:index', SegmentPage, 'Segment'],
  ['/network', NetworkPage, 'Network'],
  ['/treasury', TreasuryPage, 'Treasury'],
  ['/participants/:address', ParticipantPage, 'Participant'],
  ['/disputes/:id', DisputePage, 'Dispute'],
].map(([pattern, Page, title]) => ({ pattern, Page, title, match: compile(pattern) }));

const NAV = [
  ['/', 'Proposals', (p) => p === '/' || p.startsWith('/proposals')],
  ['/propose', 'Propose a model', (p) => p === '/propose'],
  ['/delegate', 'Delegate', (p) => p === '/delegate'],
  ['/jobs', 'Training', (p) => p.startsWith('/jobs')],
  ['/network', 'Network', (p) => p === '/network' || p.startsWith('/participants') || p.startsWith('/disputes')],
  ['/treasury', 'Treasury', (p) => p === '/treasury'],
];

function NotFound() {
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go to the <a href="/">proposals</a>.
      </p>
    </section>
  );
}

function AccountMenu() {
  const session = useSession();
  const menu = useRef(null);
  const [error, setError] = useState(null);
  const { account, demoAccounts, devnet } = session;
  const close = () => menu.current?.removeAttribute('open');
  const choose = (next) => {
    session.setAccount(next);
    setError(null);
    close();
  };
  const connectWallet = async () => {
    setError(null);
    try {
      await session.connectWallet();
      close();
    } catch (e) {
      setError(walletMessage(e));
    }
  };
  const demo = account?.kind === 'demo' ? demoAccounts.find((a) => a.address === account.address) : undefined;
  const buttonText = !account
    ? 'Choose account'
    : account.kind === 'demo'
      ? `${demo?.label ?? 'demo'} · ${shortAddress(account.address)}`
      : shortAddress(account.address);
  return (
    <details class="account-menu" ref={menu}>
      <summary class="button button-ghost" data-testid="account-button" aria-label="Account">
        <span class={`account-dot ${account ? 'on' : ''}`} aria-hidden="true" />
        {buttonText}
        {account?.kind === 'wallet' && <span class="chip chip-muted">wallet</span>}
        {account?.kind === 'demo' && <span class="chip chip-muted">demo</span>}
      </summary>
      <div class="menu" role="menu">
        <div class="menu-section">Browser wallet</div>
        {session.hasWallet ? (
          <button type="button" role="menuitem" class="menu-item" data-testid="connect-wallet" onClick={connectWallet}>
            {account?.kind === 'wallet' ? 'Reconnect wallet' : 'Connect wallet'}
          </button>
        ) : (
          <div class="menu-note muted small">No wallet in this browser (EIP-1193, e.g. MetaMask).</div>
        )}
        {devnet && (
          <>
            <div class="menu-section">Devnet demo accounts</div>
            {demoAccounts.map((a) => (
              <button
                type="button"
                role="menuitem"
                class={`menu-item ${account?.address === a.address ? 'selected' : ''}`}
                data-testid={`demo-account-${a.label}`}
                key={a.address}
                onClick={() => choose({ kind: 'demo', address: a.address })}
              >
                <span>{a.label}</span>
                <span class="muted small">
                  {shortAddress(a.address)} · {tokensCompact(a.balance)} · {tokensCompact(a.votes)} votes
                </span>
              </button>
            ))}
          </>
        )}
        {account && (
          <button type="button" role="menuitem" class="menu-item" onClick={() => choose(null)}>
            Sign out
          </button>
        )}
        {error && <div class="menu-note note-error small">{error}</div>}
      </div>
    </details>
  );
}

/** On the devnet: chain time and buttons that move it, so a vote can end during a demo. */
function DevnetClock() {
  const { devnet, chainTime, reloadNetwork, network } = useSession();
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!devnet) return null;
  const settings = network?.governance;
  const move = async (seconds) => {
    setBusy(true);
    setError(null);
    try {
      await advanceTime(seconds);
      reloadNetwork();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const jumps = [
    ['+1 h', 3600],
    ...(settings
      ? [
          ['+ voting delay', settings.votingDelaySeconds + 1],
          ['+ voting period', settings.votingPeriodSeconds + 1],
          ['+ timelock delay', settings.timelockDelaySeconds + 1],
        ]
      : []),
  ];
  return (
    <div class="devnet-bar" data-testid="devnet-bar">
      <span>
        <strong>Devnet</strong> · chain time <span data-testid="chain-time">{absolute(chainTime)}</span>
      </span>
      <span class="devnet-jumps" role="group" aria-label="Move the chain's clock">
        {jumps.map(([label, seconds]) => (
          <button
            type="button"
            class="button button-small button-ghost"
            key={label}
            disabled={busy}
            onClick={() => move(seconds)}
            data-testid={`advance-${label.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '')}`}
          >
            {label}
          </button>
        ))}
      </span>
      {error && <span class="error-inline">{error.message}</span>}
    </div>
  );
}

export function App() {
  const { path } = useLocation();
  const session = useSession();
  const found = resolve(ROUTES, path);
  const Page = found ? found.route.Page : NotFound;
  const [navOpen, setNavOpen] = useState(false);

  useEffect(() => {
    document.title = `${found?.route.title ?? 'Not found'} · Polyculture`;
    setNavOpen(false);
  }, [path]);

  const indexing = session.network?.indexing;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/" aria-label="Polyculture home">
          <span class="brand-mark" aria-hidden="true">
            ❦
          </span>
          Polyculture
        </a>
        <button
          type="button"
          class="button button-ghost nav-toggle"
          aria-expanded={navOpen}
          aria-controls="main-nav"
          onClick={() => setNavOpen(!navOpen)}
        >
          Menu
        </button>
        <nav id="main-nav" class={`nav ${navOpen ? 'open' : ''}`} aria-label="Main">
          {NAV.map(([href, label, active]) => (
            <a key={href} href={href} class={active(path) ? 'active' : ''} aria-current={active(path) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="topbar-right">
          {session.network && (
            <span class="chip chip-muted" title={`Chain ${session.network.chainId}`}>
              {session.devnet ? 'devnet' : `chain ${session.network.chainId}`}
            </span>
          )}
          <AccountMenu />
        </div>
      </header>
      <DevnetClock />
      {session.networkError && !session.network && (
        <div class="banner">
          <ErrorNote error={session.networkError} title="The API is not answering" retry={session.reloadNetwork} />
        </div>
      )}
      {indexing && !indexing.healthy && (
        <div class="banner note note-warn" role="status">
          The server’s index is behind or recovering{indexing.lastError ? `: ${indexing.lastError}` : ''}. Figures may be
          stale.
        </div>
      )}
      <main id="main" class="main" tabIndex={-1}>
        <Page {...(found?.params ?? {})} key={path} />
      </main>
      <footer class="footer muted small">
        Polyculture — a compute commons for community-trained models.{' '}
        <a href="/openapi.json" target="_blank" rel="noopener">
          API
        </a>
      </footer>
    </div>
  );
}
