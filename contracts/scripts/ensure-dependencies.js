// Installs the pinned npm packages (npm ci) when node_modules is missing or older than
// package-lock.json. Uses only Node's standard library, so it runs before anything is installed.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const contractsDir = path.resolve(__dirname, '..');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (e) {
    return -1;
  }
}

function ensureDependencies() {
  const lock = path.join(contractsDir, 'package-lock.json');
  const installed = path.join(contractsDir, 'node_modules', '.package-lock.json');
  const ganache = path.join(contractsDir, 'node_modules', '.bin', 'ganache');
  if (mtime(installed) >= mtime(lock) && mtime(ganache) >= 0) {
    return;
  }
  console.log('contracts: installing the pinned npm packages (npm ci)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: contractsDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`npm ci failed in ${contractsDir} (exit ${result.status}); is the npm registry reachable?`);
  }
  // npm ci keeps package-lock.json's mtime; touch the marker so the check above is stable.
  const now = new Date();
  fs.utimesSync(installed, now, now);
}

module.exports = { ensureDependencies };

if (require.main === module) {
  try {
    ensureDependencies();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
