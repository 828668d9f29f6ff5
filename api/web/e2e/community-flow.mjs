// The community flow in a real headless Chromium, as a new user does it on a devnet:
// a demo holder delegates, another proposes a model (cost reviewed before submitting), two
// holders vote, time advances, the proposal is queued and executed, the job appears, and its
// loss chart grows as the workers commit segments. Run by the e2e module's browser test
// (BrowserCommunityFlowTest), which brings the devnet up; it can also run against any devnet:
//
//   POLYCULTURE_UI_URL=http://127.0.0.1:PORT node e2e/community-flow.mjs
//
// Environment: POLYCULTURE_UI_URL (required), POLYCULTURE_CHROMIUM (default /usr/bin/chromium),
// POLYCULTURE_E2E_OUT (default target/e2e: screenshots of each page, failure.png and the browser
// console on failure), POLYCULTURE_E2E_CHART_POINTS (loss points to wait for, default 30),
// POLYCULTURE_E2E_MANIFEST (the devnet dataset's manifest.json, to load it in the form too),
// POLYCULTURE_E2E_WALLET_ACCOUNTS (the devnet's demo-accounts.json: bob then votes through a
// browser wallet holding his key, as MetaMask would, instead of as a demo account).
// Prints one line per step; the last line is a JSON summary. Exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';

const url = required('POLYCULTURE_UI_URL').replace(/\/$/, '');
const executablePath = process.env.POLYCULTURE_CHROMIUM || '/usr/bin/chromium';
const out = path.resolve(process.env.POLYCULTURE_E2E_OUT || 'target/e2e');
const chartPoints = Number(process.env.POLYCULTURE_E2E_CHART_POINTS || 30);
const manifest = process.env.POLYCULTURE_E2E_MANIFEST;
const walletAccounts = process.env.POLYCULTURE_E2E_WALLET_ACCOUNTS;
const WALLET_HOLDER = 'bob';
const STEP_MS = 90_000;
const TRAINING_MS = 360_000;
const started = Date.now();

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`community-flow: set ${name}`);
    process.exit(2);
  }
  return value;
}

function log(line) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);
}

async function api(pathname) {
  const response = await fetch(url + pathname, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${pathname}: ${response.status}`);
  return response.json();
}

/** Chooses a devnet demo account from the account menu. */
async function actAs(page, label) {
  await page.getByTestId('account-button').click();
  await page.getByTestId(`demo-account-${label}`).click();
  await page.getByTestId('account-button').filter({ hasText: label }).waitFor();
  log(`acting as ${label}`);
}

/** Follows a link of the top navigation, as a person would. */
async function navigate(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

async function expectState(page, state) {
  await page.locator(`[data-testid="proposal-state"][data-state="${state}"]`).first().waitFor({ timeout: STEP_MS });
  log(`proposal is ${state}`);
}

async function advance(page, which) {
  const button = page.getByTestId(`advance-${which}`);
  await button.click();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"]`)?.disabled, `advance-${which}`);
  log(`chain clock moved by the ${which.replace(/-/g, ' ')}`);
}

/**
 * A browser wallet for the page: an EIP-1193 provider (window.ethereum) whose key stays in this
 * Node process, as a wallet extension's stays in the extension. It answers what the UI asks of a
 * wallet to vote by signature: accounts, chain id, and EIP-712 signatures (signed here with viem).
 */
async function installWallet(context, privateKey, chainId) {
  const account = privateKeyToAccount(privateKey);
  const requests = [];
  await context.exposeFunction('__polycultureWallet', async (method, params) => {
    requests.push(method);
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [account.address];
      case 'eth_chainId':
        return '0x' + chainId.toString(16);
      case 'eth_signTypedData_v4': {
        const [signer, json] = params;
        if (signer.toLowerCase() !== account.address.toLowerCase()) throw new Error(`unknown account ${signer}`);
        // On the wire integers are decimal strings; viem signs bigints.
        const typed = JSON.parse(json);
        const { EIP712Domain: _domain, ...types } = typed.types;
        const message = { ...typed.message };
        for (const field of types[typed.primaryType] ?? []) {
          if (/^u?int\d*$/.test(field.type)) message[field.name] = BigInt(message[field.name]);
        }
        const domain = { ...typed.domain, chainId: BigInt(typed.domain.chainId) };
        return account.signTypedData({ domain, types, primaryType: typed.primaryType, message });
      }
      default:
        throw new Error(`this test wallet does not do ${method}`);
    }
  });
  await context.addInitScript(() => {
    const listeners = {};
    window.ethereum = {
      isPolycultureTestWallet: true,
      request: async ({ method, params }) => {
        try {
          return await window.__polycultureWallet(method, params ?? []);
        } catch (e) {
          throw Object.assign(new Error(e.message), { code: 4200 });
        }
      },
      on: (event, listener) => {
        (listeners[event] ??= []).push(listener);
      },
      removeListener: (event, listener) => {
        listeners[event] = (listeners[event] ?? []).filter((l) => l !== listener);
      },
    };
  });
  return { address: account.address.toLowerCase(), requests };
}

async function shot(page, name) {
  // From the top, so the sticky header sits where it belongs in the full-page image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
}

/** Fails unless the element is on screen for a person: what is at its centre belongs to it. */
async function expectSeen(page, testid) {
  const element = page.getByTestId(testid).first();
  const seen = await element.evaluate((el) => {
    // In the middle of the window, clear of the sticky header.
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    // The first box: an inline element that wraps has one per line.
    const box = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 40), box.top + Math.min(box.height / 2, 20));
    return box.width > 0 && box.height > 0 && el.contains(hit);
  });
  if (!seen) throw new Error(`'${testid}' is in the page but not visible (hidden, clipped or covered)`);
}

async function points(page) {
  return Number((await page.getByTestId('loss-chart').getAttribute('data-points')) ?? 0);
}

async function flow(page, wallet) {
  const accounts = await api('/v1/devnet/accounts');
  const address = Object.fromEntries(accounts.map((a) => [a.label, a.address]));
  for (const label of ['alice', 'carol', 'dave', ...(wallet ? [WALLET_HOLDER] : [])]) {
    if (!address[label]) throw new Error(`the devnet has no demo account '${label}'`);
  }
  const jobsBefore = (await api('/v1/jobs?limit=50')).items.length;

  await page.goto(url + '/');
  await page.getByTestId('devnet-bar').waitFor();
  log('the UI is up, on a devnet');
  await shot(page, 'proposals-before');

  // 1. Dave delegates his votes to Carol.
  await actAs(page, 'dave');
  await navigate(page, 'Delegate');
  await page.getByTestId('delegate-other').check();
  await page.getByTestId('delegatee').fill(address.carol);
  await page.getByTestId('delegate-submit').click();
  await page.getByTestId('sent').waitFor({ timeout: STEP_MS });
  log('dave delegated to carol');

  // 2. Carol proposes a model, reusing the devnet's dataset, and reviews the cost first.
  await actAs(page, 'carol');
  await navigate(page, 'Propose a model');
  const name = `Browser test model ${Date.now().toString(36)}`;
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-community').fill('browser-testers');
  await page.getByTestId('field-summary').fill('A nano model proposed, voted and trained from the browser.');
  await page.getByTestId('config-nano').check();
  const jobOption = page.locator('#dataset-from-job option[value]:not([value=""])').first();
  await jobOption.waitFor({ state: 'attached', timeout: STEP_MS });
  await page.locator('#dataset-from-job').selectOption(await jobOption.getAttribute('value'));
  await page.waitForFunction(() => /^0x[0-9a-f]{64}$/i.test(document.querySelector('[data-testid="field-datasetRoot"]').value));
  if (manifest) {
    // The same dataset's manifest file: root, manifest hash and size come from it, checked.
    const root = await page.getByTestId('field-datasetRoot').inputValue();
    await page.getByTestId('field-datasetRoot').fill('');
    await page.getByTestId('field-datasetBytes').fill('');
    await page.getByTestId('manifest-file').setInputFiles(manifest);
    await page.waitForFunction((expected) => document.querySelector('[data-testid="field-datasetRoot"]').value === expected, root);
    if (!/^\d+$/.test(await page.getByTestId('field-datasetBytes').inputValue())) throw new Error('the manifest gave no size');
    log('dataset fields filled from the manifest file');
  }
  await page.getByTestId('field-totalSteps').fill('100');
  await page.getByTestId('field-segmentLength').fill('10');
  await page.getByTestId('field-reward').fill('5');
  await page.getByTestId('field-minStake').fill('1000');
  await page.getByTestId('field-challengeHours').fill('0.02');
  await page.getByTestId('review-proposal').click();
  const review = page.getByTestId('draft-review');
  await review.waitFor({ timeout: STEP_MS });
  await expectSeen(page, 'draft-budget');
  const budget = await page.getByTestId('draft-budget').getAttribute('data-budget');
  const steps = (await page.getByTestId('draft-steps').textContent()).trim();
  if (BigInt(budget) !== 50n * 10n ** 18n || steps !== '100') {
    throw new Error(`the review shows a budget of ${budget} for ${steps} steps; expected 50 POLY for 100`);
  }
  log(`reviewed: ${steps} steps for a budget of 50 POLY, before submitting`);
  await shot(page, 'propose-review');
  await page.getByTestId('submit-proposal').click();
  await page.waitForURL(/\/proposals\/\d+$/, { timeout: STEP_MS });
  const proposalId = page.url().split('/').pop();
  await page.getByTestId('proposal-title').filter({ hasText: name }).waitFor();
  log(`carol proposed '${name}'`);
  const state = page.getByTestId('proposal-state').first();
  await page.locator('[data-testid="proposal-state"][data-state="PENDING"], [data-testid="proposal-state"][data-state="ACTIVE"]').first().waitFor();
  if ((await state.getAttribute('data-state')) === 'PENDING') {
    log('proposal is PENDING');
    // 3. Voting opens (the devnet's voting delay is short; the clock can also be moved).
    await advance(page, 'voting-delay');
  }
  await expectState(page, 'ACTIVE');
  // Carol (with Dave's votes) and Alice vote For.
  await page.getByTestId('vote-for').click();
  await page.getByTestId('my-vote').waitFor({ timeout: STEP_MS });
  log('carol voted For');
  let second = 'alice';
  if (wallet) {
    // Bob votes with his browser wallet: the UI asks it to sign a ballot, the API relays it.
    second = WALLET_HOLDER;
    await page.getByTestId('account-button').click();
    await page.getByTestId('connect-wallet').click();
    await page.getByTestId('account-button').filter({ hasText: 'wallet' }).waitFor();
    log(`connected the browser wallet (${wallet.address})`);
  } else {
    await actAs(page, 'alice');
  }
  await page.getByTestId('vote-for').click();
  await page.getByTestId('my-vote').waitFor({ timeout: STEP_MS });
  if (wallet && !wallet.requests.includes('eth_signTypedData_v4')) throw new Error('the wallet was never asked to sign');
  log(`${second} voted For${wallet ? ' with a ballot signed in the browser wallet' : ''}`);
  await page.waitForFunction(
    () => BigInt(document.querySelector('[data-testid="votes-for"]')?.dataset.votes ?? '0') >= 90_000_000n * 10n ** 18n,
    null,
    { timeout: STEP_MS },
  );
  log(`the tally shows 90M For (carol with dave's delegation, and ${second})`);
  await shot(page, 'proposal-voting');
  // Anyone may queue and execute; a demo account sends them here.
  await actAs(page, 'alice');

  // 4. The vote ends; anyone queues it; the timelock delay passes; anyone executes it.
  await advance(page, 'voting-period');
  await expectState(page, 'SUCCEEDED');
  await page.getByTestId('queue').click();
  await expectState(page, 'QUEUED');
  await advance(page, 'timelock-delay');
  const execute = page.getByTestId('execute');
  await page.waitForFunction(() => !document.querySelector('[data-testid="execute"]')?.disabled, null, { timeout: STEP_MS });
  await execute.click();
  await expectState(page, 'EXECUTED');

  // 5. The job appears; its loss chart grows as the workers commit.
  const jobLink = page.getByTestId('job-link').first();
  await jobLink.waitFor({ timeout: STEP_MS });
  await shot(page, 'proposal-executed');
  await jobLink.click();
  await page.waitForURL(/\/jobs\/\d+$/);
  const jobId = page.url().split('/').pop();
  await page.getByTestId('job-title').filter({ hasText: name }).waitFor({ timeout: STEP_MS });
  log(`job ${jobId} appeared`);
  await page.getByTestId('loss-chart').waitFor({ timeout: STEP_MS });
  const seen = [];
  const deadline = Date.now() + TRAINING_MS;
  while (Date.now() < deadline) {
    const now = await points(page);
    if (seen.length === 0 || now !== seen[seen.length - 1]) {
      seen.push(now);
      log(`loss chart: ${now} points`);
    }
    if (now >= chartPoints && seen.filter((n) => n > 0).length >= 2) break;
    await page.waitForTimeout(1000);
  }
  const grown = seen.filter((n) => n > 0);
  if (grown.length < 2 || grown[grown.length - 1] < chartPoints) {
    throw new Error(`the loss chart did not grow to ${chartPoints} points in steps: ${seen.join(' → ')}`);
  }
  const caption = await page.getByTestId('loss-summary').textContent();
  if (!/latest loss \d/.test(caption)) throw new Error(`the chart's summary reads '${caption}'`);
  await page.getByTestId('workers-table').waitFor();
  for (const part of ['loss-chart', 'segment-grid', 'workers-table', 'verifiers-table']) await expectSeen(page, part);
  await shot(page, 'job-training');

  await navigate(page, 'Network');
  await page.getByTestId('network-stats').waitFor({ timeout: STEP_MS });
  for (const part of ['network-workers', 'network-stats']) await expectSeen(page, part);
  await shot(page, 'network');

  const jobsAfter = (await api('/v1/jobs?limit=50')).items.length;
  if (jobsAfter !== jobsBefore + 1) throw new Error(`jobs: ${jobsBefore} before, ${jobsAfter} after`);
  return { proposalId, jobId, chartPoints: seen };
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (scripts/test installs Debian's chromium)`);
  }
  // Chromium's background services would try to reach the internet; on a closed network they
  // stall it, so they are off. Playwright gives each launch a fresh temporary profile.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
  const problems = [];
  const consoleLines = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  let wallet = null;
  if (walletAccounts) {
    const holder = JSON.parse(fs.readFileSync(walletAccounts, 'utf8')).accounts.find((a) => a.label === WALLET_HOLDER);
    if (!holder) throw new Error(`${walletAccounts} has no '${WALLET_HOLDER}'`);
    const key = holder.privateKey.startsWith('0x') ? holder.privateKey : `0x${holder.privateKey}`;
    wallet = await installWallet(context, key, (await api('/v1/network')).chainId);
  }
  const page = await context.newPage();
  page.on('console', (message) => {
    consoleLines.push(`${message.type()}: ${message.text()}`);
    // 4xx answers the UI expects (a vote not yet cast) show as failed resources; CSP and script
    // errors must not happen.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (!request.url().startsWith(url)) problems.push(`request outside the origin: ${request.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(url) && !request.url().startsWith('data:')) {
      problems.push(`request outside the origin: ${request.url()}`);
    }
  });
  try {
    const summary = await flow(page, wallet);
    if (problems.length) throw new Error(`the browser reported problems:\n  ${problems.join('\n  ')}`);
    log('the whole community flow worked in the browser');
    console.log(JSON.stringify({ ok: true, ...summary, seconds: (Date.now() - started) / 1000 }));
  } catch (error) {
    await page.screenshot({ path: path.join(out, 'failure.png'), fullPage: true }).catch(() => {});
    fs.writeFileSync(path.join(out, 'console.log'), consoleLines.join('\n') + '\n');
    console.error(`community-flow: FAILED at ${page.url()}: ${error.message}`);
    if (problems.length) console.error(`browser problems:\n  ${problems.join('\n  ')}`);
    console.error(`screenshot and console in ${out}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`community-flow: ${error.message}`);
  process.exit(1);
});
