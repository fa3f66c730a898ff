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

// RFC 6962 test vectors of the Certificate Transparency reference implementation (leaves, then roots for sizes 1..8).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const hex = (hashes: Hash[]) => hashes.map((h) => h.toString('hex'));

function referenceTree(): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of LEAVES) tree.append(leafHash(Buffer.from(leaf, 'hex')));
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
    for (let n = 1; n <= 8; n++) expect((await tree.root(n)).toString('hex')).toBe(ROOTS[n - 1]);
  });

  it('gives the reference inclusion proofs', async () => {
    const tree = referenceTree();
    expect(hex(await inclusionProof(tree.read, 0, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(await inclusionProof(tree.read, 5, 8))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(await inclusionProof(tree.read, 0, 1)).toEqual([]);
  });

  it('gives the reference consistency proofs', async () => {
    const tree = referenceTree();
    expect(hex(await consistencyProof(tree.read, 1, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(await consistencyProof(tree.read, 6, 8))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hex(await consistencyProof(tree.read, 2, 5))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
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
    expect(verifyConsistency(3, 7, Buffer.from(ROOTS[2], 'hex'), await tree.root(7), [])).toBe(false);
  });
});
