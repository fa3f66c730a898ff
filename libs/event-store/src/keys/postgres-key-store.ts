import pg from 'pg';
import type { Pool as PgPool } from 'pg';
import { survivePoolErrors } from '../postgres/pg-errors.js';
import type { KeyStore, PersonKey } from './key-store.port.js';
import { KEY_TABLE } from './sqlite-key-store.js';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Person keys in a table of the ledger's PostgreSQL schema. A key is destroyed by DELETE and then `VACUUM FULL` of the key
 * table, so no dead row version keeps the key readable in the table (the table is rewritten; it is small). PostgreSQL's WAL
 * archive and base backups keep a destroyed key until they expire (see the README, "AVG / privacy").
 */
export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: PgPool,
    private readonly table: string,
  ) {}

  static async open(url: string): Promise<PostgresKeyStore> {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Schema name ${JSON.stringify(schema)} is not a plain identifier.`);
    parsed.searchParams.delete('schema');
    const pool = new pg.Pool({ connectionString: parsed.toString(), max: 2 });
    survivePoolErrors(pool);
    const table = `"${schema}".${KEY_TABLE}`;
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
      person_hash text PRIMARY KEY,
      key_id text NOT NULL UNIQUE,
      key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    return new PostgresKeyStore(pool, table);
  }

  async findByPerson(personHash: string): Promise<PersonKey | undefined> {
    const { rows } = await this.pool.query<{ key_id: string; key: Buffer }>(
      `SELECT key_id, key FROM ${this.table} WHERE person_hash = $1`,
      [personHash],
    );
    return rows[0] && { keyId: rows[0].key_id, key: rows[0].key };
  }

  async findByKeyIds(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    if (keyIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ key_id: string; key: Buffer }>(
      `SELECT key_id, key FROM ${this.table} WHERE key_id = ANY($1::text[])`,
      [keyIds],
    );
    return new Map(rows.map((row) => [row.key_id, row.key]));
  }

  async create(personHash: string, key: PersonKey): Promise<PersonKey> {
    await this.pool.query(
      `INSERT INTO ${this.table} (person_hash, key_id, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [personHash, key.keyId, key.key],
    );
    return (await this.findByPerson(personHash))!;
  }

  async destroy(keyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.table} WHERE key_id = $1`, [keyId]);
    // VACUUM cannot run in a transaction block; a pool query is its own statement
    await this.pool.query(`VACUUM FULL ${this.table}`);
    return (rowCount ?? 0) > 0;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
