// The Maven build's entry into the web UI (api/pom.xml runs it through exec-maven-plugin):
//   node scripts/maven.mjs build OUT_DIR STAMP   npm ci when needed, then `vite build` into
//                                    OUT_DIR unless STAMP (a file) is newer than every source
//   node scripts/maven.mjs test            npm ci when needed, then the Vitest unit tests
// Uses only Node's standard library, so it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function newest(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return -1;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

function run(args, what) {
  const result = spawnSync(npm, args, { cwd: webDir, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${what} failed in ${webDir} (exit ${result.status ?? result.signal})`);
  }
}

function ensureDependencies() {
  const lock = path.join(webDir, 'package-lock.json');
  const installed = path.join(webDir, 'node_modules', '.package-lock.json');
  if (mtime(installed) >= mtime(lock) && mtime(path.join(webDir, 'node_modules', '.bin', 'vite')) >= 0) {
    return;
  }
  console.log('web: installing the pinned npm packages (npm ci)...');
  run(['ci', '--no-audit', '--no-fund', '--loglevel=error'], 'npm ci (is the npm registry reachable?)');
  // npm ci keeps package-lock.json's mtime; touch the marker so the check above is stable.
  const now = new Date();
  fs.utimesSync(installed, now, now);
}

function build(outDir, stamp) {
  const sources = ['src', 'public', 'index.html', 'vite.config.js', 'package-lock.json'].map((p) =>
    newest(path.join(webDir, p)),
  );
  const built = mtime(path.join(outDir, 'index.html')) >= 0 && mtime(stamp) >= Math.max(...sources);
  if (built) {
    console.log('web: the UI build is up to date.');
    return;
  }
  run(['run', 'build', '--', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], 'vite build');
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

try {
  const [command, outDir, stamp] = process.argv.slice(2);
  ensureDependencies();
  if (command === 'build' && outDir && stamp) {
    build(path.resolve(outDir), path.resolve(stamp));
  } else if (command === 'test') {
    run(['test', '--', '--reporter=dot'], 'the web unit tests');
  } else {
    throw new Error('usage: maven.mjs build OUT_DIR STAMP | test');
  }
} catch (e) {
  console.error(`web: ${e.message}`);
  process.exit(1);
}
