/**
 * A recorded event's Merkle leaf, computed the way an auditor would: SHA-256(0x00 || JCS of the whole envelope), the
 * JCS by the `canonicalize` package and the hashing by the independent RFC 6962 code, nothing from libs/merkle or
 * libs/notary.
 */
import canonicalizeModule from 'canonicalize';
import type { RecordedEvent } from '@akkoord/event-store';
import { leafHashOf } from './independent-rfc6962.js';

type Canonicalize = (value: unknown) => string;
const canonicalize: Canonicalize =
  (canonicalizeModule as unknown as { default?: Canonicalize }).default ??
  (canonicalizeModule as unknown as Canonicalize);

export function eventLeafHash(e: RecordedEvent): Buffer {
  const { globalPosition, streamId, streamVersion, eventId, type, data, metadata } = e;
  return leafHashOf(
    Buffer.from(canonicalize({ globalPosition, streamId, streamVersion, eventId, type, data, metadata })),
  );
}
