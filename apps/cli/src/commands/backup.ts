import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { destroySqliteKeys, truncateWal } from '@akkoord/event-store';
import { verifyCommand } from '@akkoord/notary';
import { CheckFailed, UsageError } from '../cli-errors.js';
import { cliConfig } from '../context.js';

const PG_HINT =
  'For PostgreSQL use its own tools: pg_dump -Fc -n <schema> (logical, consistent while Akkoord runs) or ' +
  'pg_basebackup (the whole cluster, with WAL); see the README, "Backups".';

/** The SQLite file a `sqlite:` store URL names; anything else is a usage error with the PostgreSQL hint. */
function sqliteFile(storeUrl: string): string {
  if (!storeUrl.startsWith('sqlite:')) throw new UsageError(`backup and restore work on a SQLite ledger. ${PG_HINT}`);
  return resolve(storeUrl.slice('sqlite:'.length));
}

/** Opens a file read-only and checks that it is an Akkoord ledger; answers its number of events. */
function ledgerEvents(file: string): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UsageError(`${file} cannot be opened: ${(error as Error).message}.`);
  }
  try {
    const format = db.prepare(`SELECT value FROM akkoord_meta WHERE key = 'format'`).get() as { value: string };
    if (format?.value !== 'akkoord-ledger') throw new Error('no akkoord-ledger format');
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } catch {
    throw new UsageError(`${file} is not an Akkoord ledger.`);
  } finally {
    db.close();
  }
}

/**
 * A backup older than a forget still holds that person's key: every `PersonForgotten` in the restored log has its key
 * destroyed again (in the ledger file; a key store named by AKKOORD_KEY_STORE is not restored from here). Answers how
 * many keys were destroyed.
 */
function reapplyForgets(file: string, alsoForgotten: readonly string[]): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    const keyIds = [...new Set([...forgottenIn(db), ...alsoForgotten])];
    const destroyed = keyIds.length === 0 ? 0 : destroySqliteKeys(db, keyIds);
    truncateWal(db);
    return destroyed;
  } finally {
    db.close();
  }
}

/** The key ids of every `PersonForgotten` in a ledger. */
function forgottenIn(db: Database.Database): string[] {
  const rows = db.prepare(`SELECT data FROM events WHERE type = 'PersonForgotten'`).all() as { data: string }[];
  return rows.map((row) => (JSON.parse(row.data) as { keyId?: unknown }).keyId).filter(isString);
}

/** The forgotten key ids of the ledger a restore replaces (forgets made after the backup was taken), or none. */
function forgottenBefore(file: string): string[] {
  if (!existsSync(file) || statSync(file).size === 0) return [];
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return forgottenIn(db);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** `akkoord backup FILE` and `akkoord restore FILE`. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'copy the SQLite ledger (events, read models, notary, signed heads) into FILE, consistent while the server runs',
    )
    .argument('<file>', 'the backup file to write (must not exist unless --force)')
    .option('--force', 'overwrite FILE when it exists')
    .addHelpText(
      'after',
      `
Uses SQLite's online backup: the copy is one consistent moment of the ledger, while the server goes on writing.
The person keys (AVG) are in the ledger file and are backed up with the log; restore destroys again the key of
everyone forgotten in the restored log or in the ledger it replaces.
Keep the signing key (signing-key.pem beside the ledger, or $AKKOORD_SIGNING_KEY) with the backup, apart from it.
${PG_HINT}

Examples:
  $ akkoord backup backups/ledger-$(date +%F).db
  $ akkoord --store sqlite:/srv/akkoord/ledger.db backup /mnt/backup/ledger.db`,
    )
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const source = sqliteFile(cliConfig(command).storeUrl);
      if (!existsSync(source)) throw new UsageError(`There is no ledger at ${source}.`);
      const target = resolve(file);
      if (target === source) throw new UsageError('The backup cannot be the ledger itself.');
      if (existsSync(target) && !options.force) throw new UsageError(`${target} exists; pass --force to overwrite it.`);
      rmSync(target, { force: true });
      const db = new Database(source, { fileMustExist: true });
      try {
        db.pragma('busy_timeout = 10000');
        await db.backup(target);
      } finally {
        db.close();
      }
      const events = ledgerEvents(target);
      const megabytes = (statSync(target).size / 1e6).toFixed(1);
      process.stdout.write(`backup: ${events} events in ${target} (${megabytes} MB)\n`);
    });

  program
    .command('restore')
    .description(
      'restore the SQLite ledger from a backup FILE, then verify it (refuses a non-empty ledger without --force)',
    )
    .argument('<file>', 'a file written by akkoord backup')
    .option('--force', 'overwrite a ledger that holds events')
    .addHelpText(
      'after',
      `
Stop the server first. The restored ledger is verified (every leaf, the tree, every signed head) before restore
exits 0. Events appended after the backup's last signed head are reported; the server signs them at its next start.
Put the signing key the backup was signed with beside the restored ledger (or name it with $AKKOORD_SIGNING_KEY).

Examples:
  $ akkoord --store sqlite:./data/ledger.db restore backups/ledger-2026-12-05.db`,
    )
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const config = cliConfig(command);
      const target = sqliteFile(config.storeUrl);
      const source = resolve(file);
      if (!existsSync(source)) throw new UsageError(`There is no backup at ${source}.`);
      const events = ledgerEvents(source);
      if (existsSync(target) && statSync(target).size > 0) {
        const present = ledgerEventsOrZero(target);
        if (present > 0 && !options.force) {
          throw new UsageError(`The ledger at ${target} holds ${present} events; pass --force to replace it.`);
        }
      }
      const forgotten = forgottenBefore(target);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        await db.backup(target);
      } finally {
        db.close();
      }
      process.stdout.write(`restore: ${events} events from ${source} into ${target}\n`);
      const reapplied = reapplyForgets(target, forgotten);
      if (reapplied > 0) process.stdout.write(`restore: ${reapplied} forgotten people's keys destroyed again\n`);
      const lines: string[] = [];
      const code = await verifyCommand({ store: `sqlite:${target}`, readStore: config.readStoreUrl }, (line) =>
        lines.push(line),
      );
      const summary = lines.join('\n');
      if (code === 0) return void process.stdout.write(`${summary}\n`);
      if (/^position \d+: not covered by a signed tree head/.test(summary)) {
        process.stdout.write(
          `${summary}\nrestore: every event checks out; the server signs a head over the rest at its next start.\n`,
        );
        return;
      }
      throw new CheckFailed(`the restored ledger does not verify: ${summary}`);
    });
}

function ledgerEventsOrZero(file: string): number {
  try {
    return ledgerEvents(file);
  } catch {
    return 1; // a file that is not an empty ledger is never overwritten without --force
  }
}
