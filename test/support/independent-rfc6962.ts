/**
 * An independent checker for Akkoord's ledger proofs, written from the text of RFC 6962 §2.1 and RFC 9162
 * §2.1.3.2 / §2.1.4.2 with nothing but node:crypto. It shares no code with libs/merkle or libs/notary on purpose: the
 * e2e tests use it the way an auditor would use their own code. Indexes and sizes are BigInts, as in the RFC's
 * pseudo-code of unsigned integers and bit shifts.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

/** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export const leafHashOf = (entry: Uint8Array): Buffer => sha256(Buffer.of(0x00), entry);

/** RFC 6962 §2.1: SHA-256(0x01 || left || right). */
export const interiorHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.of(0x01), left, right);

/**
 * RFC 6962 §2.1 MTH over leaf hashes: the empty tree hashes to SHA-256 of nothing; otherwise split at k, the largest
 * power of two smaller than n.
 */
export function treeHead(leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return sha256();
  if (n === 1) return leafHashes[0];
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return interiorHash(treeHead(leafHashes.slice(0, k)), treeHead(leafHashes.slice(k)));
}

const lsb = (x: bigint) => (x & 1n) === 1n;

/** Step b.ii of both RFC 9162 algorithms: until LSB(fn) is set or fn is 0, right-shift fn and sn equally. */
function shiftWhileEven(fn: bigint, sn: bigint): [bigint, bigint] {
  while (!lsb(fn) && fn !== 0n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  return [fn, sn];
}

/** RFC 9162 §2.1.3.2, step by step. */
export function inclusionHolds(
  leafIndex: number,
  treeSize: number,
  leafHash: Buffer,
  inclusionPath: readonly Buffer[],
  rootHash: Buffer,
): boolean {
  // 1. leaf_index ≥ tree_size fails.
  if (BigInt(leafIndex) >= BigInt(treeSize)) return false;
  // 2. fn = leaf_index, sn = tree_size − 1.  3. r = hash.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  let r = leafHash;
  // 4. for each p in inclusion_path:
  for (const p of inclusionPath) {
    if (sn === 0n) return false; // a.
    if (lsb(fn) || fn === sn) {
      r = interiorHash(p, r); // b.i
      [fn, sn] = shiftWhileEven(fn, sn); // b.ii
    } else {
      r = interiorHash(r, p); // otherwise
    }
    fn >>= 1n; // c.
    sn >>= 1n;
  }
  // 5.
  return sn === 0n && r.equals(rootHash);
}

/** RFC 9162 §2.1.4.2, step by step; first === second needs an empty proof and equal hashes. */
export function consistencyHolds(
  first: number,
  second: number,
  firstHash: Buffer,
  secondHash: Buffer,
  consistencyPath: readonly Buffer[],
): boolean {
  if (first < 1 || first > second) return false;
  if (first === second) return consistencyPath.length === 0 && firstHash.equals(secondHash);
  // 1. an empty path fails.
  if (consistencyPath.length === 0) return false;
  // 2. first a power of two: prepend first_hash.
  const path = (first & (first - 1)) === 0 ? [firstHash, ...consistencyPath] : [...consistencyPath];
  // 3.
  let fn = BigInt(first) - 1n;
  let sn = BigInt(second) - 1n;
  // 4.
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr = path[0];
  let sr = path[0];
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0n) return false; // a.
    if (lsb(fn) || fn === sn) {
      fr = interiorHash(c, fr); // b.i
      sr = interiorHash(c, sr);
      [fn, sn] = shiftWhileEven(fn, sn); // b.ii
    } else {
      sr = interiorHash(sr, c); // otherwise
    }
    fn >>= 1n; // c.
    sn >>= 1n;
  }
  // 7.
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0n;
}

export interface SignedHead {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  signature: string;
  publicKey: string;
}

/**
 * Checks a head's Ed25519 signature over the JCS of {treeSize, rootHash, signedAt}. For this one fixed shape (an
 * integer and two strings of hex digits, ISO digits and punctuation, nothing to escape) RFC 8785 comes down to the
 * keys in code-unit order with no whitespace, written out here.
 */
export function headSignatureHolds(head: SignedHead): boolean {
  const message = `{"rootHash":${JSON.stringify(head.rootHash)},"signedAt":${JSON.stringify(head.signedAt)},"treeSize":${head.treeSize}}`;
  const raw = Buffer.from(head.publicKey, 'base64');
  if (raw.length !== 32) return false;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(head.signature, 'base64'));
}
