// Compiles the Solidity sources with solc-js (standard JSON) into ABI and bytecode files.
//   node scripts/compile.js OUT_DIR RESOURCE_DIR SOURCE_DIR...
// Contracts from src/main/solidity go to OUT_DIR/main, from src/test/solidity to OUT_DIR/test;
// the ABIs of the main contracts are also written as classpath resources under RESOURCE_DIR
// (org/polyculture/contracts/abi/NAME.abi, listed in index.txt). Any error, and any warning in
// our own sources, fails the build; so does a deployed contract over the 24 KiB code size limit.
'use strict';
const fs = require('fs');
const path = require('path');
const { ensureDependencies } = require('./ensure-dependencies');

const contractsDir = path.resolve(__dirname, '..');
const MAX_DEPLOYED_BYTES = 24576;
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'shanghai',
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
  },
};

function listSolidity(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listSolidity(full);
      return entry.name.endsWith('.sol') ? [full] : [];
    })
    .sort();
}

function newestMtime(files) {
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

function findImport(importPath) {
  const candidates = [path.join(contractsDir, 'node_modules', importPath), path.join(contractsDir, importPath)];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `import not found: ${importPath}` };
}

function main() {
  const [outDir, resourceDir, ...sourceDirs] = process.argv.slice(2);
  if (!outDir || !resourceDir || sourceDirs.length === 0) {
    throw new Error('usage: compile.js OUT_DIR RESOURCE_DIR SOURCE_DIR...');
  }
  ensureDependencies();
  const files = sourceDirs.flatMap((dir) => listSolidity(path.resolve(contractsDir, dir)));
  const stamp = path.join(outDir, '.compiled');
  const inputs = [...files, path.join(contractsDir, 'package-lock.json'), __filename];
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestMtime(inputs)) {
    console.log('contracts: Solidity outputs are up to date.');
    return;
  }

  const solc = require('solc');
  const sources = {};
  for (const file of files) {
    sources[path.relative(contractsDir, file).split(path.sep).join('/')] = {
      content: fs.readFileSync(file, 'utf8'),
    };
  }
  console.log(`contracts: compiling ${files.length} Solidity files with solc ${solc.version()}...`);
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));

  let failed = false;
  for (const message of output.errors || []) {
    const ours = message.sourceLocation && sources[message.sourceLocation.file];
    if (message.severity === 'error' || ours) {
      console.error(message.formattedMessage);
      failed = true;
    }
  }
  if (failed) throw new Error('Solidity compilation failed.');

  fs.rmSync(outDir, { recursive: true, force: true });
  const abiDir = path.join(resourceDir, 'org', 'polyculture', 'contracts', 'abi');
  fs.rmSync(abiDir, { recursive: true, force: true });
  fs.mkdirSync(abiDir, { recursive: true });
  const index = [];
  for (const sourceName of Object.keys(sources)) {
    const kind = sourceName.startsWith('src/test/') ? 'test' : 'main';
    for (const [name, contract] of Object.entries(output.contracts[sourceName] || {})) {
      const bin = contract.evm.bytecode.object;
      if (!bin) continue; // interfaces and abstract contracts
      const deployedBytes = contract.evm.deployedBytecode.object.length / 2;
      if (kind === 'main' && deployedBytes > MAX_DEPLOYED_BYTES) {
        throw new Error(`${name} is ${deployedBytes} bytes deployed, over the ${MAX_DEPLOYED_BYTES}-byte limit.`);
      }
      const dir = path.join(outDir, kind);
      fs.mkdirSync(dir, { recursive: true });
      const abi = JSON.stringify(contract.abi);
      fs.writeFileSync(path.join(dir, `${name}.abi`), abi);
      fs.writeFileSync(path.join(dir, `${name}.bin`), bin);
      if (kind === 'main') {
        fs.writeFileSync(path.join(abiDir, `${name}.abi`), abi);
        index.push(name);
      }
      console.log(`contracts: ${kind} ${name}: ${deployedBytes} bytes deployed`);
    }
  }
  fs.writeFileSync(path.join(abiDir, 'index.txt'), index.sort().join('\n') + '\n');
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

try {
  main();
} catch (e) {
  console.error(`contracts: ${e.message}`);
  process.exit(1);
}
