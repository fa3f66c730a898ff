/**
 * Which fields of the ledger name a person (AVG/GDPR). They are stored sealed — encrypted with a key per person that
 * lives outside the hashed log — so that destroying the key erases the person while every event, its position and
 * its hash stay. Pure data and string helpers; the encryption itself is in libs/application's vault.
 */

/** A field path inside an event's `data`. */
export type FieldPath = readonly string[];

/** Every event's `metadata.actor.userId` is personal; these `data` fields are personal too, per event type. */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, readonly FieldPath[]>> = {
  AgreementSigned: [
    ['signatory', 'name'],
    ['signatory', 'function'],
  ],
  AccessTokenIssued: [['userId']],
};

/**
 * User ids in the metadata: the actor's in every event, and the importer's when a programme-office token imported a
 * row for someone else. Each is sealed with the key of the user it names.
 */
export const PERSONAL_METADATA_FIELDS: readonly FieldPath[] = [
  ['actor', 'userId'],
  ['importedBy', 'userId'],
];

/** What every read, export and the dashboard show for a personal field whose person was forgotten. */
export const ERASED = '[verwijderd]';

/** The stream where `PersonForgotten` events are appended. */
export const PEOPLE_STREAM = 'people';

/** `data` of `PersonForgotten`: the forgotten person's key id (a random pseudonym) and why; never the person. */
export interface PersonForgottenData {
  keyId: string;
  reason: string;
}

/**
 * A sealed value: `pd1:<keyId>:<iv>:<ciphertext+tag>`, each part base64url, so events stay JSON and their canonical
 * bytes are stable. The pattern finds sealed values inside longer strings too (an audit summary that names a person).
 */
export const SEALED_PREFIX = 'pd1:';
export const SEALED_PATTERN = /pd1:([A-Za-z0-9_-]{16,64}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})/g;

/** The key id of a sealed value, or undefined when the value is not sealed (plaintext written before sealing). */
export function sealedKeyId(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(SEALED_PREFIX)) return undefined;
  const end = value.indexOf(':', SEALED_PREFIX.length);
  return end < 0 ? undefined : value.slice(SEALED_PREFIX.length, end);
}

/** The value at a path, or undefined. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `root` with the string at `path` replaced (the rest shared); `root` itself is never changed. */
export function withValueAt(root: unknown, path: FieldPath, value: string): unknown {
  if (path.length === 0) return value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const [head, ...rest] = path;
  const record = root as Record<string, unknown>;
  if (!Object.hasOwn(record, head)) return root;
  return { ...record, [head]: withValueAt(record[head], rest, value) };
}
