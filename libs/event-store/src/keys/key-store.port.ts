/** One person's data key: a random id (the pseudonym the ledger may name) and 32 random bytes (AES-256). */
export interface PersonKey {
  keyId: string;
  key: Buffer;
}

/**
 * Where the person keys live, outside the hashed log: a table in the ledger database or a directory of key files.
 * A person is named by a SHA-256 of their user id (`personHash`), so the key store never holds the user id itself.
 */
export interface KeyStore {
  readonly kind: string;
  /** The person's key, or undefined when they have none (never had one, or were forgotten). */
  findByPerson(personHash: string): Promise<PersonKey | undefined>;
  /** The keys with these ids, in one read: an id whose key was destroyed (or never existed) is absent. */
  findByKeyIds(keyIds: readonly string[]): Promise<Map<string, Buffer>>;
  /** Stores a new key for the person; when another process stored one first, that one is returned. */
  create(personHash: string, key: PersonKey): Promise<PersonKey>;
  /** Destroys the key with this id so that no byte of it is left in the store; false when there was none. */
  destroy(keyId: string): Promise<boolean>;
  close(): Promise<void>;
}
