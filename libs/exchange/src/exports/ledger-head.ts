/**
 * The ledger head an export was taken at, for its Toelichting: the tree size is the ledger's position when the export
 * started, and the root hash is the notary's Merkle root over exactly those events (RFC 6962), so the file ties back
 * to the ledger: a signed head of that size, or a consistency proof from it to any later signed head, proves it.
 */
import { rootHash } from '@akkoord/merkle';
import { headAt, notarisedSize, withStoredNodes } from '@akkoord/notary';
import type { Sql } from '@akkoord/projections';
import type { ExportContext } from './xlsx.js';

/**
 * The root at `position`, with the signed head of that size when there is one; undefined when the notary's tree does
 * not reach `position` yet (fold the ledger first: the CLI notarises, the API waits for its notary).
 */
export async function ledgerHeadAt(sql: Sql, position: number): Promise<ExportContext['head']> {
  if ((await notarisedSize(sql).catch(() => 0)) < position) return undefined;
  const root = await withStoredNodes(sql, (read) => rootHash(read, position));
  const signed = await headAt(sql, position);
  return { treeSize: position, rootHash: root.toString('hex'), ...(signed && { signedAt: signed.signedAt }) };
}
