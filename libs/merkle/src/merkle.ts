/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification, written out from the RFC so that anyone can
 * check Akkoord's ledger with their own code.
 *
 * - leaf hash `SHA-256(0x00 || data)`, node hash `SHA-256(0x01 || left || right)`, empty tree `SHA-256()`;
 * - MTH(D[n]) splits at k, the largest power of two smaller than n.
 *
 * Trees are read through `NodeReader`: `node(level, index)` is the hash of the perfect subtree of 2^level leaves
 * starting at leaf index·2^level. Every range the RFC's recursion visits starts at a multiple of the largest power of
 * two inside it, so each is a handful of perfect subtrees: a proof costs O(log² n) node reads, never a rescan.
 */
import { createHash, hash } from 'node:crypto';
import { consistencySteps, inclusionSteps, runSync } from './verify.js';

export type Hash = Buffer;
export type NodeReader = (level: number, index: number) => Hash | Promise<Hash>;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** SHA-256(0x00 || data); a string is taken as its UTF-8 bytes. (One-shot `hash`: the ledger hashes millions.) */
export function leafHash(data: Uint8Array | string): Hash {
  return typeof data === 'string'
    ? hash('sha256', `\u0000${data}`, 'buffer')
    : hash('sha256', Buffer.concat([LEAF, data]), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');
}

const sha256 = (data: Uint8Array): Hash => hash('sha256', data, 'buffer');

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPerfect(start: number, size: number): boolean {
  return (size & (size - 1)) === 0 && start % size === 0;
}

/** MTH(D[start : start + size]). */
export async function rangeHash(read: NodeReader, start: number, size: number): Promise<Hash> {
  if (size === 0) return EMPTY_ROOT;
  if (isPerfect(start, size)) return read(Math.log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(await rangeHash(read, start, k), await rangeHash(read, start + k, size - k));
}

/** The root of the tree of the first `treeSize` leaves. */
export function rootHash(read: NodeReader, treeSize: number): Promise<Hash> {
  return rangeHash(read, 0, treeSize);
}

/** PATH(m, D[n]): the audit path of leaf `leafIndex` in the tree of the first `treeSize` leaves. */
export async function inclusionProof(read: NodeReader, leafIndex: number, treeSize: number): Promise<Hash[]> {
  if (!(leafIndex >= 0 && leafIndex < treeSize))
    throw new RangeError(`Leaf ${leafIndex} is not in a tree of ${treeSize}.`);
  const path: Hash[] = [];
  const walk = async (m: number, start: number, size: number): Promise<void> => {
    if (size === 1) return;
    const k = splitPoint(size);
    if (m < k) {
      await walk(m, start, k);
      path.push(await rangeHash(read, start + k, size - k));
    } else {
      await walk(m - k, start + k, size - k);
      path.push(await rangeHash(read, start, k));
    }
  };
  await walk(leafIndex, 0, treeSize);
  return path;
}

/** PROOF(m, D[n]): proves the tree of the first m leaves is a prefix of the tree of the first n. */
export async function consistencyProof(read: NodeReader, m: number, n: number): Promise<Hash[]> {
  if (!(m >= 0 && m <= n)) throw new RangeError(`A tree of ${m} cannot be a prefix of a tree of ${n}.`);
  if (m === 0 || m === n) return [];
  const proof: Hash[] = [];
  const sub = async (m: number, start: number, size: number, complete: boolean): Promise<void> => {
    if (m === size) {
      if (!complete) proof.push(await rangeHash(read, start, size));
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      await sub(m, start, k, complete);
      proof.push(await rangeHash(read, start + k, size - k));
    } else {
      await sub(m - k, start + k, size - k, false);
      proof.push(await rangeHash(read, start, k));
    }
  };
  await sub(m, 0, n, true);
  return proof;
}

/** RFC 9162 §2.1.3.2: does `path` prove leaf `leafIndex` (with `leaf` hash) is in the tree of `treeSize` with `root`? */
export function verifyInclusion(leaf: Hash, leafIndex: number, treeSize: number, path: Hash[], root: Hash): boolean {
  return runSync(inclusionSteps(leaf, leafIndex, treeSize, path, root), sha256).ok;
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (m, firstRoot) is a prefix of the tree (n, secondRoot)? */
export function verifyConsistency(m: number, n: number, firstRoot: Hash, secondRoot: Hash, proof: Hash[]): boolean {
  return runSync(consistencySteps(m, n, firstRoot, secondRoot, proof), sha256);
}

/**
 * An append-only tree in memory: `levels[l][i]` is the perfect subtree of 2^l leaves at index i. Appending a leaf
 * completes at most log2(n) subtrees. Used by `verify` (which recomputes everything from the log) and by tests.
 */
export class MerkleTree {
  readonly levels: Hash[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  append(leaf: Hash): void {
    this.levels[0].push(leaf);
    let level = 0;
    let index = this.levels[0].length - 1;
    while (index % 2 === 1) {
      const below = this.levels[level];
      const hash = nodeHash(below[index - 1], below[index]);
      level += 1;
      index = (index - 1) / 2;
      (this.levels[level] ??= []).push(hash);
    }
  }

  readonly read: NodeReader = (level, index) => {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`No complete subtree at level ${level}, index ${index}.`);
    return hash;
  };

  root(treeSize = this.size): Promise<Hash> {
    return rootHash(this.read, treeSize);
  }
}
