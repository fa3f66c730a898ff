import type { Hash, NodeReader } from '@akkoord/merkle';
import type { Row, Sql } from '@akkoord/projections';
import type { TreeHead } from './signing.js';

/**
 * The notary's tables, in the read store:
 * - `notary_nodes`: every completed perfect subtree of the ledger's Merkle tree — `(level, idx)` is the subtree of
 *   2^level leaves starting at leaf idx·2^level (leaves are level 0, leaf i is the event at position i + 1); `hash`
 *   hex. Derived from the log: the projection rebuilds it.
 * - `notary_heads`: signed tree heads. NOT derived (a signature and its time cannot be recomputed), so a rebuild of
 *   the projection never drops it.
 */
export async function createNotaryTables(sql: Sql): Promise<void> {
  await sql.exec(`
    CREATE TABLE IF NOT EXISTS notary_nodes (
      level INTEGER NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (level, idx)
    );
    CREATE TABLE IF NOT EXISTS notary_heads (
      tree_size BIGINT PRIMARY KEY, root_hash TEXT NOT NULL, signed_at TEXT NOT NULL, signature TEXT NOT NULL,
      public_key TEXT NOT NULL
    );
  `);
}

/** How many events the notary has folded into its tree. */
export async function notarisedSize(sql: Sql): Promise<number> {
  const row = await sql.get<{ m: number | string | null }>('SELECT max(idx) AS m FROM notary_nodes WHERE level = 0');
  return row?.m === null || row?.m === undefined ? 0 : Number(row.m) + 1;
}

export type NodeCoordinate = readonly [level: number, index: number];

/** The stored nodes at the given coordinates, keyed `level:index` (absent ones are missing from the map). */
export async function readNodes(sql: Sql, coordinates: readonly NodeCoordinate[]): Promise<Map<string, Hash>> {
  const found = new Map<string, Hash>();
  for (let i = 0; i < coordinates.length; i += 100) {
    const slice = coordinates.slice(i, i + 100);
    const rows = await sql.all<{ level: number; idx: number | string; hash: string }>(
      `SELECT level, idx, hash FROM notary_nodes WHERE ${slice.map(() => '(level = ? AND idx = ?)').join(' OR ')}`,
      slice.flat(),
    );
    for (const row of rows) found.set(`${row.level}:${Number(row.idx)}`, Buffer.from(row.hash, 'hex'));
  }
  return found;
}

/**
 * Runs `work` (a Merkle computation over a NodeReader) against the stored tree with ONE round trip for its node
 * reads: a first pass records which nodes it touches (answering zeros), one query fetches them, a second pass
 * computes the answer.
 */
export async function withStoredNodes<T>(sql: Sql, work: (read: NodeReader) => Promise<T>): Promise<T> {
  const wanted = new Map<string, NodeCoordinate>();
  const zero = Buffer.alloc(32);
  await work((level, index) => {
    wanted.set(`${level}:${index}`, [level, index]);
    return zero;
  });
  const nodes = await readNodes(sql, [...wanted.values()]);
  return work((level, index) => {
    const hash = nodes.get(`${level}:${index}`);
    if (!hash) throw new MissingNode(level, index);
    return hash;
  });
}

/** The notary's tables lack a node a computation needs (a tree smaller than asked, or a damaged table). */
export class MissingNode extends Error {
  constructor(
    readonly level: number,
    readonly index: number,
  ) {
    super(`The notary has no node at level ${level}, index ${index}.`);
  }
}

const HEAD_COLUMNS = 'tree_size, root_hash, signed_at, signature, public_key';

interface HeadRow extends Row {
  tree_size: number | string;
  root_hash: string;
  signed_at: string;
  signature: string;
  public_key: string;
}

function toHead(row: HeadRow): TreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    signedAt: row.signed_at,
    signature: row.signature,
    publicKey: row.public_key,
  };
}

export async function latestHead(sql: Sql): Promise<TreeHead | undefined> {
  const row = await sql.get<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM notary_heads ORDER BY tree_size DESC LIMIT 1`);
  return row && toHead(row);
}

/** Heads with `from ≤ treeSize ≤ to`, smallest first. */
export async function headsBetween(sql: Sql, from: number, to: number, limit: number): Promise<TreeHead[]> {
  const rows = await sql.all<HeadRow>(
    `SELECT ${HEAD_COLUMNS} FROM notary_heads WHERE tree_size >= ? AND tree_size <= ? ORDER BY tree_size LIMIT ?`,
    [from, to, limit],
  );
  return rows.map(toHead);
}

/** Stores a head; a head of the same size already stored (by this or another process) is kept. */
export async function insertHead(sql: Sql, head: TreeHead): Promise<void> {
  await sql.run(
    `INSERT INTO notary_heads (${HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING`,
    [head.treeSize, head.rootHash, head.signedAt, head.signature, head.publicKey],
  );
}

export async function headAt(sql: Sql, treeSize: number): Promise<TreeHead | undefined> {
  const row = await sql.get<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM notary_heads WHERE tree_size = ?`, [treeSize]);
  return row && toHead(row);
}
