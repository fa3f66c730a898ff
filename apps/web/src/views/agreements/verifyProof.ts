/**
 * *Controleer bewijs* in the browser: every event of the agreement's stream is hashed here (SHA-256 of 0x00 ‖ JCS of
 * the whole envelope, WebCrypto), its audit path is followed to the signed tree head's root with the same RFC 9162
 * code as libs/merkle, and the head's Ed25519 signature is checked against the key the server publishes.
 */
import { bytesEqual, leafHashAsync, verifyInclusionAsync, type InclusionFailure } from '@akkoord/merkle/verify';
import jcs from 'canonicalize';
import { apiGet } from '../../api/client.js';
import type { Envelope, InclusionProof, TreeHead } from '../../api/types.js';
import { nl } from '../../nl.js';

type Canonicalize = (value: unknown) => string;
const canonicalize: Canonicalize =
  (jcs as unknown as { default?: Canonicalize }).default ?? (jcs as unknown as Canonicalize);

export interface ProofReport {
  ok: boolean;
  head: TreeHead;
  fingerprint: string;
  checked: number;
  uncovered: number;
  failures: string[];
}

const sha256 = async (data: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));

export const hexToBytes = (hex: string): Uint8Array =>
  new Uint8Array((hex.match(/../g) ?? []).map((byte) => parseInt(byte, 16)));
export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const base64ToBytes = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** SHA-256 of the raw 32-byte public key, hex in groups of four. */
export async function fingerprint(publicKey: string): Promise<string> {
  const hex = bytesToHex(await sha256(base64ToBytes(publicKey)));
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

/** The leaf of one event as RFC 6962 and the ledger define it. */
export function eventLeaf(event: Envelope): Promise<Uint8Array> {
  const { globalPosition, streamId, streamVersion, eventId, type, data, metadata } = event;
  return leafHashAsync(
    sha256,
    utf8(canonicalize({ globalPosition, streamId, streamVersion, eventId, type, data, metadata })),
  );
}

async function headSignatureValid(head: TreeHead): Promise<boolean | 'unsupported'> {
  const message = utf8(canonicalize({ treeSize: head.treeSize, rootHash: head.rootHash, signedAt: head.signedAt }));
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'raw',
      base64ToBytes(head.publicKey) as Uint8Array<ArrayBuffer>,
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  } catch (error) {
    if ((error as Error).name === 'NotSupportedError') return 'unsupported';
    return false;
  }
  try {
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      base64ToBytes(head.signature) as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}

const PATH_FAILURE: Record<InclusionFailure, (p: number) => string> = {
  leaf_index_out_of_range: nl.agreements.failure.index,
  path_too_long: nl.agreements.failure.pathLength,
  path_too_short: nl.agreements.failure.pathLength,
  root_mismatch: nl.agreements.failure.path,
};

export async function checkAgreementProof(agreementId: string): Promise<ProofReport> {
  const head = await apiGet<TreeHead>('/api/ledger/head');
  const history = await apiGet<{ events: Envelope[] }>(`/api/agreements/${encodeURIComponent(agreementId)}/history`);
  const failures: string[] = [];
  const signature = await headSignatureValid(head);
  if (signature === 'unsupported') failures.push(nl.agreements.failure.ed25519);
  else if (!signature) failures.push(nl.agreements.failure.signature);
  const root = hexToBytes(head.rootHash);
  let checked = 0;
  let uncovered = 0;
  for (const event of history.events) {
    const position = event.globalPosition;
    if (position > head.treeSize) {
      uncovered += 1;
      continue;
    }
    const proof = await apiGet<InclusionProof>('/api/ledger/proofs/inclusion', { position, treeSize: head.treeSize });
    checked += 1;
    if (proof.treeSize !== head.treeSize) failures.push(nl.agreements.failure.size);
    if (proof.rootHash !== head.rootHash) failures.push(nl.agreements.failure.root);
    const leaf = await eventLeaf(event);
    if (!bytesEqual(leaf, hexToBytes(proof.leafHash))) {
      failures.push(nl.agreements.failure.leaf(position));
      continue;
    }
    const result = await verifyInclusionAsync(
      sha256,
      leaf,
      position - 1,
      head.treeSize,
      proof.auditPath.map(hexToBytes),
      root,
    );
    if (!result.ok) failures.push(PATH_FAILURE[result.reason](position));
  }
  return {
    ok: failures.length === 0 && checked > 0,
    head,
    fingerprint: await fingerprint(head.publicKey),
    checked,
    uncovered,
    failures: [...new Set(failures)],
  };
}
