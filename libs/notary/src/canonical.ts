import type { RecordedEvent } from '@akkoord/event-store';
import { leafHash, type Hash } from '@akkoord/merkle';
import { canonicalize } from './jcs.js';

/**
 * The RFC 8785 (JCS) canonical JSON of an event's whole envelope: position, stream, version, id, type, data and
 * metadata (actor, recordedAt …). Only the envelope's own seven fields are taken, so an adapter that hangs more on
 * its objects cannot change a leaf. This is the one definition of an event's bytes in the ledger's Merkle tree: the
 * notary projection and `verify` both call it.
 */
export function canonicalJson(event: RecordedEvent): string {
  return canonicalize({
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
}

/** The UTF-8 bytes of `canonicalJson(event)`: what the leaf hash covers. */
export function canonicalBytes(event: RecordedEvent): Buffer {
  return Buffer.from(canonicalJson(event), 'utf8');
}

/** RFC 6962 leaf hash of an event: SHA-256(0x00 || canonical bytes). */
export function eventLeafHash(event: RecordedEvent): Hash {
  return leafHash(canonicalJson(event));
}

/** JCS of any JSON value (signed tree heads are signed over the JCS of `{treeSize, rootHash, signedAt}`). */
export function canonicalJsonOf(value: unknown): string {
  return canonicalize(value);
}
