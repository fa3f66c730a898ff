import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyStore, PersonKey } from './key-store.port.js';

interface KeyRow {
  key_id: string;
  key: Buffer;
}

/** The key table's name in a SQLite or PostgreSQL ledger: beside the events, outside the hashed log. */
export const KEY_TABLE = 'personal_keys';

/**
 * Person keys in a table of the SQLite ledger file (its own connection). A key is destroyed with
 * `secure_delete` on (SQLite overwrites the freed bytes with zeros) and the WAL is then checkpointed and truncated, so
 * neither the file nor its -wal keeps a copy; while another connection's reader holds the WAL, the truncation is
 * retried every two seconds, and done at the latest when the ledger closes. `akkoord backup` copies this table.
 */
export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite';
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      byPerson: db.prepare<[string], KeyRow>(`SELECT key_id, key FROM ${KEY_TABLE} WHERE person_hash = ?`),
      byKeyId: db.prepare<[string], KeyRow>(`SELECT key_id, key FROM ${KEY_TABLE} WHERE key_id = ?`),
      insert: db.prepare(
        `INSERT INTO ${KEY_TABLE} (person_hash, key_id, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      destroy: db.prepare<[string]>(`DELETE FROM ${KEY_TABLE} WHERE key_id = ?`),
    };
  }

  /**
   * Opens its own connection to the ledger file. It never waits inside SQLite (`busy_timeout` 0): the read models'
   * connection in this process may hold the write lock across an await, and a blocking wait here would stop the very
   * event loop that has to release it. A busy statement is retried after a short pause instead (`whenFree`).
   */
  static async open(file: string): Promise<SqliteKeyStore> {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('secure_delete = ON');
      await whenFree(() => createKeyTable(db));
      return new SqliteKeyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  findByPerson(personHash: string): Promise<PersonKey | undefined> {
    return whenFree(() => {
      const row = this.statements.byPerson.get(personHash);
      return row && { keyId: row.key_id, key: row.key };
    });
  }

  findByKeyIds(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    // one synchronous pass over the primary-key index: no round trips to save, so no IN-list to build
    return whenFree(() => {
      const found = new Map<string, Buffer>();
      for (const keyId of keyIds) {
        const row = this.statements.byKeyId.get(keyId);
        if (row) found.set(row.key_id, row.key);
      }
      return found;
    });
  }

  async create(personHash: string, key: PersonKey): Promise<PersonKey> {
    await whenFree(() => this.statements.insert.run(personHash, key.keyId, key.key, new Date().toISOString()));
    return (await this.findByPerson(personHash))!;
  }

  async destroy(keyId: string): Promise<boolean> {
    const deleted = await whenFree(() => destroySqliteKeys(this.db, [keyId]));
    if (!truncateWal(this.db)) this.truncateLater();
    return deleted > 0;
  }

  close(): Promise<void> {
    clearInterval(this.retry);
    this.retry = undefined;
    if (this.db.open) {
      truncateWal(this.db);
      this.db.close();
    }
    return Promise.resolve();
  }

  private retry: NodeJS.Timeout | undefined;

  /** A reader held the WAL: the truncation is tried again every two seconds until it succeeds (or the store closes). */
  private truncateLater(): void {
    if (this.retry) return;
    this.retry = setInterval(() => {
      if (this.db.open && !truncateWal(this.db)) return;
      clearInterval(this.retry);
      this.retry = undefined;
    }, 2000).unref();
  }
}

const BUSY_PATIENCE_MS = 30_000;

/** Runs a statement, again after a short pause while another connection holds the lock (up to 30 s). */
async function whenFree<T>(work: () => T): Promise<T> {
  const started = Date.now();
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return work();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!/^SQLITE_(BUSY|LOCKED)/.test(code) || Date.now() - started > BUSY_PATIENCE_MS) throw error;
    }
    await sleep(pause);
  }
}

/** The key table, created when missing (the ledger's migrations do not own it: it is not part of the log). */
export function createKeyTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${KEY_TABLE} (
    person_hash TEXT PRIMARY KEY,
    key_id TEXT NOT NULL UNIQUE,
    key BLOB NOT NULL,
    created_at TEXT NOT NULL
  )`);
}

/**
 * Deletes keys with the freed bytes zeroed (`secure_delete`). The WAL still holds the row as it was written until it is
 * checkpointed and truncated: see `truncateWal`. Used by the key store and by `akkoord restore`. Answers how many keys
 * were deleted.
 */
export function destroySqliteKeys(db: Database.Database, keyIds: readonly string[]): number {
  db.pragma('secure_delete = ON');
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(KEY_TABLE);
  if (!table) return 0;
  const destroy = db.prepare<[string]>(`DELETE FROM ${KEY_TABLE} WHERE key_id = ?`);
  return db.transaction(() => keyIds.reduce((n, keyId) => n + destroy.run(keyId).changes, 0))();
}

/**
 * Checkpoints the WAL into the file and truncates it to zero bytes, so no old frame keeps a destroyed key. A reader
 * in another connection can hold the WAL: then this waits at most a quarter second and answers false.
 */
export function truncateWal(db: Database.Database): boolean {
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 250');
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  } catch {
    return false;
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}
