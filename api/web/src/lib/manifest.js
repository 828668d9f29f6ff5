// A dataset manifest as `polyculture dataset pack` writes it (manifest.json), read in the browser
// to fill the proposal's dataset fields. The manifest hash it states is recomputed here
// (docs/protocol.md: keccak256 of five ABI words: the domain, the format version, the root, the
// total size and the held-out bytes), so a damaged or edited file is refused rather than proposed.
import { encodeAbiParameters, keccak256, stringToBytes } from 'viem';

const HASH = /^0x[0-9a-fA-F]{64}$/;
const MANIFEST_DOMAIN = keccak256(stringToBytes('polyculture.dataset-manifest.v1'));
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** The manifest hash over a manifest's defining fields. */
export function manifestHash({ formatVersion, root, totalSize, validationBytes }) {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'uint256' }],
      [MANIFEST_DOMAIN, BigInt(formatVersion), root, BigInt(totalSize), BigInt(validationBytes)],
    ),
  );
}

function whole(value, name) {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`the manifest's ${name} is not a whole number`);
  return value;
}

/**
 * Reads manifest.json's text: {datasetRoot, manifestHash, datasetBytes}, or throws an Error whose
 * message says what is wrong with the file.
 */
export function readManifest(text) {
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON: choose the manifest.json of a packed dataset.');
  }
  if (!manifest || typeof manifest !== 'object') throw new Error('This file is not a dataset manifest.');
  if (manifest.formatVersion !== 1) {
    throw new Error(`Manifest format ${manifest.formatVersion ?? '(none)'} is not one this page reads (1).`);
  }
  if (!HASH.test(manifest.root ?? '')) throw new Error('The manifest has no dataset root (0x and 64 hex digits).');
  const totalSize = whole(manifest.totalSize, 'total size');
  const validationBytes = whole(manifest.validationBytes, 'held-out size');
  if (totalSize === 0 || validationBytes >= totalSize) throw new Error('The manifest’s sizes are inconsistent.');
  if (!Array.isArray(manifest.shards) || manifest.shards.length === 0) throw new Error('The manifest lists no shards.');
  const shardBytes = manifest.shards.reduce((sum, s) => sum + whole(s?.size, 'shard size'), 0);
  if (shardBytes !== totalSize) throw new Error(`The shards add up to ${shardBytes} bytes, not the stated ${totalSize}.`);
  const computed = manifestHash({ formatVersion: 1, root: manifest.root, totalSize, validationBytes });
  if (manifest.manifestHash !== undefined && String(manifest.manifestHash).toLowerCase() !== computed) {
    throw new Error('The manifest hash in the file does not match its contents: the file was changed.');
  }
  return { datasetRoot: manifest.root.toLowerCase(), manifestHash: computed, datasetBytes: String(totalSize) };
}
