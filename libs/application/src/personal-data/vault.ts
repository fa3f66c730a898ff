import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ERASED, SEALED_PATTERN, SEALED_PREFIX } from '@akkoord/domain';
import type { KeyStore, PersonKey } from '@akkoord/event-store';

/** How long a key read from the store is trusted before it is looked up again (a forget elsewhere is seen then). */
const KEY_TTL_MS = 2000;
/** Opened values kept (sealed text → plaintext), so the same events read again are not decrypted again. */
const OPENED_CACHE_SIZE = 50_000;

interface CachedKey {
  key: Buffer | undefined;
  checkedAt: number;
}

/**
 * Seals and opens personal values (AES-256-GCM, a key per person). A sealed value is
 * `pd1:<keyId>:<iv>:<ciphertext+tag>` (base64url parts). Opening a value whose key was destroyed gives `[verwijderd]`.
 *
 * Keys are cached in memory (people, not events: a few thousand at most). A cached key is re-checked against the
 * store after two seconds, so a forget in another process (the CLI, another node) is honoured within that time; a
 * destroyed key is remembered as gone for good.
 */
export class PersonalDataVault {
  private readonly byKeyId = new Map<string, CachedKey>();
  private readonly byPerson = new Map<string, PersonKey>();
  /**
   * Plaintexts of sealed values opened before. Consulted only after the value's key was found present (and fresh), so
   * a forgotten person's values are never served from here; emptied when full.
   */
  private readonly opened = new Map<string, string>();

  private store: Promise<KeyStore> | undefined;

  /** `keys` may be a function that opens the key store: it is then opened on first use (a read may need none). */
  constructor(
    private readonly source: KeyStore | (() => Promise<KeyStore>),
    private readonly now: () => number = Date.now,
  ) {}

  private get keys(): Promise<KeyStore> {
    this.store ??= (typeof this.source === 'function' ? this.source() : Promise.resolve(this.source)).catch(
      (error: unknown) => {
        this.store = undefined; // a store that was away is tried again next time
        throw error;
      },
    );
    return this.store;
  }

  /** Seals a value for a person, creating the person's key on first use. */
  async seal(userId: string, plaintext: string): Promise<string> {
    const { keyId, key } = await this.keyFor(userId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** The person's key id (their pseudonym), or undefined when they have no key. */
  async keyIdFor(userId: string): Promise<string | undefined> {
    return (await (await this.keys).findByPerson(hashPerson(userId)))?.keyId;
  }

  /** Destroys the person's key; answers its key id, or undefined when the person had none. */
  async forget(userId: string): Promise<string | undefined> {
    const personHash = hashPerson(userId);
    const found = await (await this.keys).findByPerson(personHash);
    this.byPerson.delete(personHash);
    if (!found) return undefined;
    await (await this.keys).destroy(found.keyId);
    this.byKeyId.set(found.keyId, { key: undefined, checkedAt: Number.POSITIVE_INFINITY });
    return found.keyId;
  }

  /** Opens one sealed value: the plaintext, or undefined when its key is gone; a plain value comes back as it is. */
  async open(value: string): Promise<string | undefined> {
    const keyId = /^pd1:([^:]+):/.exec(value)?.[1];
    if (keyId === undefined) return value;
    await this.load([keyId]);
    const key = this.byKeyId.get(keyId)?.key;
    return key === undefined ? undefined : decrypt(key, value);
  }

  /**
   * A copy of a JSON value with every sealed value in it — whole strings or inside longer ones — opened, or replaced
   * by `[verwijderd]` when the person was forgotten. Keys are fetched once per call, for the key ids the value names.
   */
  async openDeep<T>(value: T): Promise<T> {
    const keyIds = new Set<string>();
    collectKeyIds(value, keyIds, 0);
    if (keyIds.size === 0) return value;
    await this.load([...keyIds]);
    return this.openLoaded(value) as T;
  }

  /**
   * A JSON text with every sealed value in it opened, or replaced by `[verwijderd]` when the person was forgotten — as
   * `openDeep` does to the value, without walking or copying it: the API's answers are opened here, once they are
   * text. A sealed value is base64url and colons, which JSON never escapes, so it stands in the text as it is stored;
   * the plaintext goes in JSON-escaped. Keys are fetched once per call.
   */
  async openJson(json: string): Promise<string> {
    if (!json.includes(SEALED_PREFIX)) return json;
    const keyIds = new Set<string>();
    for (const match of json.matchAll(SEALED_PATTERN)) keyIds.add(match[1]);
    if (keyIds.size === 0) return json;
    await this.load([...keyIds]);
    return json.replace(SEALED_PATTERN, (sealed: string, keyId: string) =>
      JSON.stringify(this.openSealed(sealed, keyId)).slice(1, -1),
    );
  }

  /** Loads every key the store holds, for a long export: afterwards `openLoaded` opens without a store read. */
  async loadKeyIds(keyIds: Iterable<string>): Promise<void> {
    await this.load([...keyIds]);
  }

  /** Opens what `load`/`openDeep` fetched the keys for; a value whose key was never loaded shows `[verwijderd]`. */
  openLoaded(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return value.includes(SEALED_PREFIX) ? this.openText(value) : value;
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((item) => this.openLoaded(item, depth + 1));
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.openLoaded(v, depth + 1);
    return out;
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    if (store) await (await store.catch(() => undefined))?.close();
  }

  private openText(text: string): string {
    return text.replace(SEALED_PATTERN, (sealed: string, keyId: string) => this.openSealed(sealed, keyId));
  }

  /** One sealed value whose key was loaded: its plaintext, or `[verwijderd]` (key gone, or the value does not open). */
  private openSealed(sealed: string, keyId: string): string {
    const key = this.byKeyId.get(keyId)?.key;
    if (key === undefined) return ERASED;
    const known = this.opened.get(sealed);
    if (known !== undefined) return known;
    const plaintext = decrypt(key, sealed);
    if (plaintext === undefined) return ERASED;
    if (this.opened.size >= OPENED_CACHE_SIZE) this.opened.clear();
    this.opened.set(sealed, plaintext);
    return plaintext;
  }

  private async keyFor(userId: string): Promise<PersonKey> {
    const personHash = hashPerson(userId);
    const cached = this.byPerson.get(personHash);
    const fresh = cached && this.byKeyId.get(cached.keyId);
    if (cached && fresh?.key && this.now() - fresh.checkedAt < KEY_TTL_MS) return cached;
    const found =
      (await (await this.keys).findByPerson(personHash)) ??
      (await (
        await this.keys
      ).create(personHash, { keyId: randomBytes(16).toString('base64url'), key: randomBytes(32) }));
    this.remember(personHash, found);
    return found;
  }

  private remember(personHash: string, found: PersonKey): void {
    this.byPerson.set(personHash, found);
    this.byKeyId.set(found.keyId, { key: found.key, checkedAt: this.now() });
  }

  /** Fetches, in one store read, every key named here that is not cached or was cached too long ago. */
  private async load(keyIds: string[]): Promise<void> {
    const now = this.now();
    const stale = keyIds.filter((keyId) => {
      const cached = this.byKeyId.get(keyId);
      return !cached || (cached.key !== undefined && now - cached.checkedAt >= KEY_TTL_MS);
    });
    if (stale.length === 0) return;
    const found = await (await this.keys).findByKeyIds(stale);
    for (const keyId of stale) {
      const key = found.get(keyId);
      // a key that is gone stays gone: remembered for good
      this.byKeyId.set(keyId, { key, checkedAt: key === undefined ? Number.POSITIVE_INFINITY : now });
    }
  }
}

/** A person as the key store names them: SHA-256 of the user id, hex. */
export function hashPerson(userId: string): string {
  return createHash('sha256').update(`akkoord-person:${userId}`, 'utf8').digest('hex');
}

function decrypt(key: Buffer, sealed: string): string | undefined {
  const [, , ivText, bodyText] = sealed.split(':');
  try {
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== 12 || body.length < 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function collectKeyIds(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === 'string') {
    if (value.includes(SEALED_PREFIX)) for (const match of value.matchAll(SEALED_PATTERN)) into.add(match[1]);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) for (const item of value) collectKeyIds(item, into, depth + 1);
  else if (isPlainObject(value)) for (const item of Object.values(value)) collectKeyIds(item, into, depth + 1);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
