// What an account does, whichever kind it is. A browser wallet signs: votes and delegations as
// EIP-712 signatures that the API relays (when it offers the relay) or as its own transactions;
// proposals, queueing and execution as its own transactions. A devnet demo account asks the API's
// devnet endpoints, which hold its key (loopback only).
import { get, post, query } from '../lib/api.js';
import { GOVERNOR_ABI, TOKEN_ABI, send, signTypedData } from './eip1193.js';

const SUPPORT_NAMES = { 0: 'Against', 1: 'For', 2: 'Abstain' };

function demoPath(account, action) {
  return `/v1/devnet/accounts/${account.address}/${action}`;
}

/** Delegates the account's votes to `delegatee` (itself to activate them). */
export async function delegate(account, network, delegatee) {
  if (account.kind === 'demo') {
    return post(demoPath(account, 'delegate'), { delegatee });
  }
  if (network.capabilities.delegationRelay) {
    const toSign = await get(
      '/v1/delegations/typed-data' + query({ delegator: account.address, delegatee }),
    );
    const signature = await signTypedData(account.address, toSign, network.chainId);
    return post('/v1/delegations', {
      delegator: account.address,
      delegatee: toSign.typedData.message.delegatee,
      nonce: String(toSign.nonce),
      expiry: String(toSign.typedData.message.expiry),
      signature,
    });
  }
  return send(account.address, network.chainId, {
    address: network.contracts.token,
    abi: TOKEN_ABI,
    functionName: 'delegate',
    args: [delegatee],
  });
}

/** Votes on a proposal: support 0 against, 1 for, 2 abstain. */
export async function vote(account, network, proposalId, support) {
  if (!(support in SUPPORT_NAMES)) throw new Error(`unknown support ${support}`);
  if (account.kind === 'demo') {
    return post(demoPath(account, 'vote'), { proposalId: String(proposalId), support });
  }
  if (network.capabilities.voteRelay) {
    const toSign = await get(
      '/v1/ballots/typed-data' + query({ proposalId, voter: account.address, support }),
    );
    const signature = await signTypedData(account.address, toSign, network.chainId);
    return post('/v1/votes', {
      proposalId: String(proposalId),
      support,
      voter: account.address,
      nonce: String(toSign.nonce),
      signature,
    });
  }
  return send(account.address, network.chainId, {
    address: network.contracts.governor,
    abi: GOVERNOR_ABI,
    functionName: 'castVote',
    args: [BigInt(proposalId), support],
  });
}

/** Prepares the model proposal for this proposer (cost, actions, description); sends nothing. */
export function draft(account, request) {
  return post('/v1/proposal-drafts', { ...request, proposer: account?.address });
}

/** Submits a model proposal; returns {proposalId, transactionHash}. */
export async function propose(account, network, request, prepared) {
  if (account.kind === 'demo') {
    return post(demoPath(account, 'proposals'), request);
  }
  const sent = await send(account.address, network.chainId, {
    address: network.contracts.governor,
    abi: GOVERNOR_ABI,
    functionName: 'propose',
    args: [prepared.targets, prepared.values.map(BigInt), prepared.calldatas, prepared.description],
  });
  return { proposalId: prepared.proposalId, ...sent };
}

function executionArgs(execution) {
  return [execution.targets, execution.values.map(BigInt), execution.calldatas, execution.descriptionHash];
}

/** Queues a succeeded proposal in the timelock (anyone may). */
export function queue(account, network, proposalId, execution) {
  if (account.kind === 'demo') return post(`/v1/devnet/proposals/${proposalId}/queue`, {});
  return send(account.address, network.chainId, {
    address: network.contracts.governor,
    abi: GOVERNOR_ABI,
    functionName: 'queue',
    args: executionArgs(execution),
  });
}

/** Executes a queued proposal whose delay has passed (anyone may). */
export function execute(account, network, proposalId, execution) {
  if (account.kind === 'demo') return post(`/v1/devnet/proposals/${proposalId}/execute`, {});
  return send(account.address, network.chainId, {
    address: network.contracts.governor,
    abi: GOVERNOR_ABI,
    functionName: 'execute',
    args: executionArgs(execution),
  });
}

/** Moves the devnet's clock forward (devnet only). */
export function advanceTime(seconds) {
  return post('/v1/devnet/time', { seconds: Math.ceil(seconds) });
}

export function supportName(code) {
  return SUPPORT_NAMES[code];
}
