// What every page shares: the network (contracts, token, governance settings, chain time, what the
// server offers), polled; and the account acting now — a browser wallet's, or on the devnet a
// demo account's — remembered across visits.
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { get } from './lib/api.js';
import { useResource } from './lib/hooks.js';
import { connect, connectedAccounts, hasWallet, onAccountsChanged } from './wallet/eip1193.js';

const SessionContext = createContext(null);
const STORAGE_KEY = 'polyculture.account';
const NETWORK_POLL_MS = 4000;

function remembered() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (saved && (saved.kind === 'demo' || saved.kind === 'wallet') && /^0x[0-9a-f]{40}$/.test(saved.address)) {
      return saved;
    }
  } catch {
    // A damaged entry is forgotten.
  }
  return null;
}

function remember(account) {
  try {
    if (account) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(account));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
}

export function SessionProvider({ children }) {
  const network = useResource(() => get('/v1/network'), [], { poll: NETWORK_POLL_MS });
  const devnet = Boolean(network.data?.capabilities?.devnet);
  const [demoVersion, setDemoVersion] = useState(0);
  const demo = useResource(() => (devnet ? get('/v1/devnet/accounts') : null), [devnet, demoVersion]);
  const [account, setAccountState] = useState(remembered);

  const setAccount = (next) => {
    setAccountState(next);
    remember(next);
  };

  // A remembered wallet account stays only while the wallet still exposes it.
  useEffect(() => {
    if (account?.kind !== 'wallet') return undefined;
    connectedAccounts().then((accounts) => {
      if (!accounts.includes(account.address)) setAccount(null);
    });
    return onAccountsChanged((address) =>
      setAccount(address ? { kind: 'wallet', address } : null),
    );
  }, [account?.kind]);

  // A remembered demo account is dropped when this server has no such demo account.
  useEffect(() => {
    if (account?.kind !== 'demo' || !network.data) return;
    if (!devnet) setAccount(null);
    else if (demo.data && !demo.data.some((a) => a.address === account.address)) setAccount(null);
  }, [devnet, demo.data, network.data]);

  const value = useMemo(
    () => ({
      network: network.data,
      networkError: network.error,
      reloadNetwork: network.reload,
      chainTime: network.data?.indexing?.chainTime,
      devnet,
      demoAccounts: demo.data ?? [],
      reloadDemoAccounts: () => setDemoVersion((v) => v + 1),
      account,
      accountLabel: account?.kind === 'demo' ? demo.data?.find((a) => a.address === account.address)?.label : undefined,
      setAccount,
      hasWallet: hasWallet(),
      connectWallet: async () => {
        const address = await connect();
        setAccount({ kind: 'wallet', address });
        return address;
      },
    }),
    [network.data, network.error, demo.data, account, devnet],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession() {
  return useContext(SessionContext);
}
