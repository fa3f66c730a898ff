import { nodeHash, type Hash } from '@akkoord/merkle';
import type { Sql } from '@akkoord/projections';
import { notarisedSize, readNodes, type NodeCoordinate } from './notary-tables.js';

/** The log has a hole where the notary expected the next event, or the notary's tables were changed. */
export class NotaryOutOfStep extends Error {}

/** One stored node: level, index, hex hash. */
export type NodeRow = [level: number, index: number, hash: string];

/**
 * The append-only fold of leaves into the ledger's Merkle tree. `size` leaves are folded; `frontier[l]` is the
 * complete subtree (l, ⌊size / 2^l⌋ − 1) while bit l of size is set — the left siblings still waiting for a partner.
 * Appending leaf i completes at most log2(i) subtrees, each one node hash.
 */
export class NotaryFold {
  size = -1;
  private frontier: (Hash | undefined)[] = [];

  /** Makes the fold stand at `size` leaves, reading the frontier from the stored tree when it does not already. */
  async standAt(sql: Sql, size: number): Promise<void> {
    if (this.size === size) return;
    this.size = -1;
    const stored = await notarisedSize(sql);
    if (stored !== size) {
      throw new NotaryOutOfStep(
        `The notary holds ${stored} events but was handed the event at position ${size + 1}: the log has a hole or ` +
          `the notary's table was changed. Run \`akkoord verify\`.`,
      );
    }
    const wanted: NodeCoordinate[] = [];
    for (let level = 0, rest = size; rest > 0; level += 1, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) wanted.push([level, rest - 1]);
    }
    const nodes = await readNodes(sql, wanted);
    this.frontier = [];
    for (const [level, index] of wanted) {
      const hash = nodes.get(`${level}:${index}`);
      if (!hash)
        throw new NotaryOutOfStep(`The notary's table lacks node (${level}, ${index}). Run \`akkoord verify\`.`);
      this.frontier[level] = hash;
    }
    this.size = size;
  }

  /** Folds the next leaf in; answers the nodes it completed (the leaf first). */
  add(leaf: Hash, into: NodeRow[] = []): NodeRow[] {
    const index = this.size;
    if (index < 0) throw new NotaryOutOfStep('The notary fold does not know where it stands.');
    let hash = leaf;
    into.push([0, index, hash.toString('hex')]);
    let level = 0;
    let at = index;
    while (at % 2 === 1) {
      hash = nodeHash(this.frontier[level]!, hash);
      this.frontier[level] = undefined;
      level += 1;
      at = (at - 1) / 2;
      into.push([level, at, hash.toString('hex')]);
    }
    this.frontier[level] = hash;
    this.size = index + 1;
    return into;
  }

  /** Forgets where it stands (after a rolled-back write): the next `standAt` reads the table. */
  forget(): void {
    this.size = -1;
    this.frontier = [];
  }
}

/** Writes node rows, a few hundred per statement. */
export async function insertNodes(sql: Sql, rows: readonly NodeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    await sql.run(
      `INSERT INTO notary_nodes (level, idx, hash) VALUES ${slice.map(() => '(?, ?, ?)').join(', ')}`,
      slice.flat(),
    );
  }
}
