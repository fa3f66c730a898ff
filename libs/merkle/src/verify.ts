/**
 * RFC 9162 proof verification, independent of where SHA-256 comes from: Node's `node:crypto` (merkle.ts) and the
 * browser's WebCrypto (the dashboard's *Controleer bewijs*) run this same code. This module imports nothing.
 *
 * Each check is written once as a generator that yields the bytes it needs hashed and receives their SHA-256;
 * `runSync` drives it with a synchronous hash, `runAsync` with an asynchronous one (WebCrypto's `digest`).
 */
export type Bytes = Uint8Array;
export type Sha256 = (data: Bytes) => Bytes;
export type AsyncSha256 = (data: Bytes) => Promise<Bytes>;
/** A computation that yields bytes to hash and receives each digest. */
export type HashSteps<T> = Generator<Bytes, T, Bytes>;

export type InclusionFailure = 'leaf_index_out_of_range' | 'path_too_long' | 'path_too_short' | 'root_mismatch';
export type InclusionResult =
  { ok: true; computedRoot: Bytes } | { ok: false; reason: InclusionFailure; computedRoot?: Bytes };

export function runSync<T>(steps: HashSteps<T>, sha256: Sha256): T {
  let next = steps.next();
  while (!next.done) next = steps.next(sha256(next.value));
  return next.value;
}

export async function runAsync<T>(steps: HashSteps<T>, sha256: AsyncSha256): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await sha256(next.value));
  return next.value;
}

export function bytesEqual(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prefixed(prefix: number, ...parts: Bytes[]): Bytes {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SHA-256(0x00 || data). */
export function* leafHashSteps(data: Bytes): HashSteps<Bytes> {
  return yield prefixed(0, data);
}

/** SHA-256(0x01 || left || right). */
export function* nodeHashSteps(left: Bytes, right: Bytes): HashSteps<Bytes> {
  return yield prefixed(1, left, right);
}

/** RFC 9162 §2.1.3.2: the root that `path` leads to from `leaf`, and whether it is `root` (and why not). */
export function* inclusionSteps(
  leaf: Bytes,
  leafIndex: number,
  treeSize: number,
  path: Bytes[],
  root: Bytes,
): HashSteps<InclusionResult> {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) return { ok: false, reason: 'leaf_index_out_of_range' };
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return { ok: false, reason: 'path_too_long' };
    if (fn % 2 === 1 || fn === sn) {
      r = yield* nodeHashSteps(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = yield* nodeHashSteps(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: 'path_too_short', computedRoot: r };
  return bytesEqual(r, root) ? { ok: true, computedRoot: r } : { ok: false, reason: 'root_mismatch', computedRoot: r };
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (m, firstRoot) is a prefix of the tree (n, secondRoot)? */
export function* consistencySteps(
  m: number,
  n: number,
  firstRoot: Bytes,
  secondRoot: Bytes,
  proof: Bytes[],
): HashSteps<boolean> {
  if (m > n) return false;
  if (m === n) return proof.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (m === 0) return proof.length === 0;
  let path = proof;
  if ((m & (m - 1)) === 0) path = [firstRoot, ...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = yield* nodeHashSteps(c, fr);
      sr = yield* nodeHashSteps(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = yield* nodeHashSteps(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot);
}

/** Inclusion check with an asynchronous SHA-256 (WebCrypto in the browser). */
export function verifyInclusionAsync(
  sha256: AsyncSha256,
  leaf: Bytes,
  leafIndex: number,
  treeSize: number,
  path: Bytes[],
  root: Bytes,
): Promise<InclusionResult> {
  return runAsync(inclusionSteps(leaf, leafIndex, treeSize, path, root), sha256);
}

/** Consistency check with an asynchronous SHA-256. */
export function verifyConsistencyAsync(
  sha256: AsyncSha256,
  m: number,
  n: number,
  firstRoot: Bytes,
  secondRoot: Bytes,
  proof: Bytes[],
): Promise<boolean> {
  return runAsync(consistencySteps(m, n, firstRoot, secondRoot, proof), sha256);
}

/** SHA-256(0x00 || data) with an asynchronous SHA-256. */
export function leafHashAsync(sha256: AsyncSha256, data: Bytes): Promise<Bytes> {
  return runAsync(leafHashSteps(data), sha256);
}
