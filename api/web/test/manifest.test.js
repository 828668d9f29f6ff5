import { describe, expect, it } from 'vitest';
import { manifestHash, readManifest } from '../src/lib/manifest.js';

// Written by `polyculture devnet` (Java's DatasetManifest) for the demo corpus: a golden vector.
const DEMO = {
  formatVersion: 1,
  totalSize: 2570797,
  validationBytes: 128540,
  root: '0x050a968ce9698b9ce53ba4caabe048348fa5f77887d6c0a7159148e0860a6279',
  manifestHash: '0xce1cb7f2c4145f1fcc4a31c2d1376d079a531a7306fcb184fdba4800ec0a8528',
  shards: [{ size: 1048576 }, { size: 1048576 }, { size: 473645 }].map((s, index) => ({
    index,
    ...s,
    sha256: '0x' + String(index).repeat(64),
  })),
};

describe('dataset manifests', () => {
  it('recomputes the manifest hash Java computes', () => {
    expect(manifestHash(DEMO)).toBe(DEMO.manifestHash);
  });

  it('fills root, manifest hash and size from a manifest file', () => {
    expect(readManifest(JSON.stringify(DEMO))).toEqual({
      datasetRoot: DEMO.root,
      manifestHash: DEMO.manifestHash,
      datasetBytes: '2570797',
    });
  });

  it('refuses a manifest whose stated hash does not match its fields', () => {
    const edited = { ...DEMO, validationBytes: DEMO.validationBytes + 1 };
    expect(() => readManifest(JSON.stringify(edited))).toThrow(/does not match/);
  });

  it('refuses shards that do not add up to the total size', () => {
    const short = { ...DEMO, shards: DEMO.shards.slice(0, 2) };
    expect(() => readManifest(JSON.stringify(short))).toThrow(/add up/);
  });

  it('refuses files that are not manifests', () => {
    expect(() => readManifest('not json')).toThrow(/not JSON/);
    expect(() => readManifest('{"formatVersion": 2}')).toThrow(/format 2/);
    expect(() => readManifest(JSON.stringify({ ...DEMO, root: '0x12' }))).toThrow(/root/);
  });
});
