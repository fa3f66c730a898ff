import { webcrypto } from 'node:crypto';
import { MerkleTree, consistencyProof, inclusionProof, leafHash } from './merkle.js';
import { leafHashAsync, verifyConsistencyAsync, verifyInclusionAsync } from './verify.js';

// WebCrypto's digest, as the browser's Controleer bewijs uses it
const subtle = async (data: Uint8Array) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', data));

describe('the hash-agnostic verifier with an asynchronous SHA-256 (WebCrypto)', () => {
  const tree = new MerkleTree();
  const leaves = Array.from({ length: 13 }, (_, i) => Buffer.from(`event ${i}`));
  for (const leaf of leaves) tree.append(leafHash(leaf));

  it('computes the same leaf hash as node:crypto', async () => {
    expect(Buffer.from(await leafHashAsync(subtle, leaves[3])).toString('hex')).toBe(
      leafHash(leaves[3]).toString('hex'),
    );
  });

  it('accepts every inclusion proof of a 13-leaf tree and names the failure when a leaf or path is altered', async () => {
    const root = await tree.root();
    for (let i = 0; i < 13; i++) {
      const path = await inclusionProof(tree.read, i, 13);
      const result = await verifyInclusionAsync(subtle, tree.levels[0][i], i, 13, path, root);
      expect(result.ok).toBe(true);
      const altered = await verifyInclusionAsync(subtle, leafHash('altered'), i, 13, path, root);
      expect(altered).toMatchObject({ ok: false, reason: 'root_mismatch' });
      expect(await verifyInclusionAsync(subtle, tree.levels[0][i], i, 13, path.slice(1), root)).toMatchObject({
        ok: false,
      });
    }
    expect(await verifyInclusionAsync(subtle, tree.levels[0][0], 13, 13, [], root)).toEqual({
      ok: false,
      reason: 'leaf_index_out_of_range',
    });
  });

  it('accepts consistency proofs between every pair of sizes and refuses a wrong old root', async () => {
    for (let m = 1; m <= 13; m++) {
      const proof = await consistencyProof(tree.read, m, 13);
      expect(await verifyConsistencyAsync(subtle, m, 13, await tree.root(m), await tree.root(13), proof)).toBe(true);
      if (m < 13) {
        expect(await verifyConsistencyAsync(subtle, m, 13, leafHash('x'), await tree.root(13), proof)).toBe(false);
      }
    }
  });
});
