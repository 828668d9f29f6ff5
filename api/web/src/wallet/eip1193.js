// A browser wallet (EIP-1193, as MetaMask and others inject it at window.ethereum) through viem:
// connect, check the chain, sign EIP-712 typed data from the API (after checking that it hashes to
// the digest the API states), and send the governor's and token's transactions.
import {
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
  hashTypedData,
  parseAbi,
  UserRejectedRequestError,
} from 'viem';

export const GOVERNOR_ABI = parseAbi([
  'function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256)',
  'function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)',
  'function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)',
  'function castVote(uint256 proposalId, uint8 support) returns (uint256)',
]);

export const TOKEN_ABI = parseAbi(['function delegate(address delegatee)']);

export class WalletError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WalletError';
  }
}

export function provider() {
  return typeof window !== 'undefined' ? window.ethereum : undefined;
}

export function hasWallet() {
  return Boolean(provider()?.request);
}

function clients() {
  const injected = provider();
  if (!injected?.request) {
    throw new WalletError('No browser wallet found. Install one (e.g. MetaMask) or use a demo account on the devnet.');
  }
  const transport = custom(injected);
  return { wallet: createWalletClient({ transport }), chain: createPublicClient({ transport }) };
}

/** Translates viem's and wallets' errors into one sentence. */
export function walletMessage(error) {
  if (error instanceof WalletError) return error.message;
  const walk = (e) => (e?.cause ? [e, ...walk(e.cause)] : [e]);
  const chain = walk(error);
  if (chain.some((e) => e instanceof UserRejectedRequestError || e?.code === 4001)) {
    return 'You rejected the request in your wallet.';
  }
  const first = chain.find((e) => e?.shortMessage) ?? error;
  return first?.shortMessage ?? first?.message ?? String(error);
}

async function attempt(promise) {
  try {
    return await promise;
  } catch (error) {
    throw new WalletError(walletMessage(error));
  }
}

/** Asks the wallet for an account; returns its address (lower case, as the API writes them). */
export async function connect() {
  const { wallet } = clients();
  const addresses = await attempt(wallet.requestAddresses());
  if (!addresses.length) throw new WalletError('The wallet gave no account.');
  return addresses[0].toLowerCase();
}

/** The accounts the wallet already exposes to this page (no prompt). */
export async function connectedAccounts() {
  if (!hasWallet()) return [];
  const { wallet } = clients();
  try {
    return (await wallet.getAddresses()).map((a) => a.toLowerCase());
  } catch {
    return [];
  }
}

/** Calls listener(address|undefined) when the wallet's account changes; returns an unsubscriber. */
export function onAccountsChanged(listener) {
  const injected = provider();
  if (!injected?.on) return () => {};
  const handler = (accounts) => listener(accounts?.[0]?.toLowerCase());
  injected.on('accountsChanged', handler);
  return () => injected.removeListener?.('accountsChanged', handler);
}

/** Makes sure the wallet is on the API's chain, asking it to switch if not. */
export async function ensureChain(chainId) {
  const { wallet } = clients();
  const current = await attempt(wallet.getChainId());
  if (Number(current) === Number(chainId)) return;
  try {
    await wallet.switchChain({ id: Number(chainId) });
  } catch {
    throw new WalletError(`Your wallet is on chain ${current}; switch it to chain ${chainId} (this network) and retry.`);
  }
}

/**
 * The API's typed data ({types, primaryType, domain, message}, integers as decimal strings) in the
 * form viem signs: integers as bigint, the domain type left to viem (it derives it from the domain).
 */
export function toViemTypedData(typedData) {
  const { EIP712Domain: _domainType, ...types } = typedData.types;
  const fields = types[typedData.primaryType] ?? [];
  const message = {};
  for (const field of fields) {
    const value = typedData.message[field.name];
    message[field.name] = /^u?int\d*$/.test(field.type) ? BigInt(value) : value;
  }
  const domain = { ...typedData.domain, chainId: BigInt(typedData.domain.chainId) };
  if (domain.verifyingContract) domain.verifyingContract = getAddress(domain.verifyingContract);
  return { domain, types, primaryType: typedData.primaryType, message };
}

/** Signs {typedData, digest} from the API with `address`; refuses if the digest does not match. */
export async function signTypedData(address, toSign, chainId) {
  const typed = toViemTypedData(toSign.typedData);
  const digest = hashTypedData(typed);
  if (digest.toLowerCase() !== String(toSign.digest).toLowerCase()) {
    throw new WalletError('The typed data from the server does not hash to the digest it states; not signing.');
  }
  await ensureChain(chainId);
  const { wallet } = clients();
  return attempt(wallet.signTypedData({ account: getAddress(address), ...typed }));
}

/** Sends a contract call from `address` and waits for it to be mined; returns {transactionHash, block}. */
export async function send(address, chainId, call) {
  await ensureChain(chainId);
  const { wallet, chain } = clients();
  const hash = await attempt(
    wallet.writeContract({ account: getAddress(address), chain: null, ...call }),
  );
  const receipt = await attempt(chain.waitForTransactionReceipt({ hash, pollingInterval: 500, timeout: 120_000 }));
  if (receipt.status !== 'success') {
    throw new WalletError(`The transaction ${hash} was mined but reverted.`);
  }
  return { transactionHash: hash, block: Number(receipt.blockNumber) };
}
