import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  MerkleTree,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.js';
// the CT reference implementation's known answers, shared with the independent verifier's tests (data only)
import { CT_CONSISTENCY, CT_INCLUSION, CT_LEAVES, CT_ROOTS } from '../../../test/support/ct-vectors.js';

const hex = (hashes: Hash[]) => hashes.map((h) => h.toString('hex'));

function referenceTree(): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of CT_LEAVES) tree.append(leafHash(Buffer.from(leaf, 'hex')));
  return tree;
}

/** MTH straight from RFC 6962 §2.1, over a list of leaf hashes (the slow way, to check the fast one). */
function naiveRoot(leaves: Hash[]): Hash {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

describe('the RFC 6962 Merkle tree', () => {
  it('gives the reference roots for every size from 0 to 8', async () => {
    const tree = referenceTree();
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect((await tree.root(0)).toString('hex')).toBe(EMPTY_ROOT.toString('hex'));
    for (let n = 1; n <= 8; n++) expect((await tree.root(n)).toString('hex')).toBe(CT_ROOTS[n - 1]);
  });

  it('gives the reference inclusion proofs', async () => {
    const tree = referenceTree();
    for (const { leaf, size, path } of CT_INCLUSION)
      expect({ leaf, size, path: hex(await inclusionProof(tree.read, leaf, size)) }).toEqual({ leaf, size, path });
    expect(await inclusionProof(tree.read, 0, 1)).toEqual([]);
  });

  it('gives the reference consistency proofs', async () => {
    const tree = referenceTree();
    for (const { first, second, proof } of CT_CONSISTENCY)
      expect({ first, second, proof: hex(await consistencyProof(tree.read, first, second)) }).toEqual({
        first,
        second,
        proof,
      });
  });

  it('proves and verifies every leaf and every prefix for sizes 1 to 64, and refuses tampered proofs', async () => {
    const leaves = Array.from({ length: 64 }, (_x, i) => leafHash(Buffer.from([i, i * 3])));
    const tree = new MerkleTree();
    for (let n = 1; n <= 64; n++) {
      tree.append(leaves[n - 1]);
      const root = await tree.root(n);
      expect(root.equals(naiveRoot(leaves.slice(0, n)))).toBe(true);
      for (let i = 0; i < n; i++) {
        const path = await inclusionProof(tree.read, i, n);
        expect(verifyInclusion(leaves[i], i, n, path, root)).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(leaves[(i + 1) % n], i, n, path, root)).toBe(false);
          const bent = path.map((p, j) => (j === 0 ? nodeHash(p, p) : p));
          expect(verifyInclusion(leaves[i], i, n, bent, root)).toBe(false);
        }
      }
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(tree.read, m, n);
        const first = await tree.root(m);
        expect(verifyConsistency(m, n, first, root, proof)).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, leafHash(Buffer.from('forged')), root, proof)).toBe(false);
      }
    }
    expect(verifyConsistency(3, 7, Buffer.from(CT_ROOTS[2], 'hex'), await tree.root(7), [])).toBe(false);
  });
});
