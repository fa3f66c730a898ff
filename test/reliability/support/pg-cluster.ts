/**
 * A PostgreSQL cluster of the fault tests' own (never the shared one on 5432): `reliab` on port 5441, created with
 * trust auth when missing, so the tests may restart it and kill its connections.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { asSuperuser, waitForPostgres } from '../../support/pg-admin.js';

export const RELIAB_PG_PORT = Number(process.env.AKKOORD_RELIAB_PG_PORT ?? 5441);
const VERSION = process.env.AKKOORD_RELIAB_PG_VERSION ?? '15';
const NAME = 'reliab';
export const RELIAB_PG_URL = `postgres://root@127.0.0.1:${RELIAB_PG_PORT}/postgres`;

/** Why the PostgreSQL fault tests cannot run here (the cluster tools are absent), or undefined. */
export function pgToolsMissing(): string | undefined {
  if (!existsSync('/usr/bin/pg_createcluster') || !existsSync('/usr/bin/pg_ctlcluster')) {
    return 'pg_createcluster/pg_ctlcluster are not installed';
  }
  return undefined;
}

const ctl = (...args: string[]) =>
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, NAME, ...args], { stdio: 'pipe' });

/** Creates the cluster when missing (with a `root` superuser), starts it, and waits until it answers. */
export async function ensureCluster(): Promise<void> {
  // pg_lsclusters pads its columns to the longest name: read fields, not a fixed spacing (other tests make clusters)
  const ours = () =>
    execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find((fields) => fields[1] === NAME);
  if (ours() === undefined) {
    execFileSync('pg_createcluster', [VERSION, NAME, '-p', String(RELIAB_PG_PORT), '--', '--auth=trust'], {
      stdio: 'pipe',
    });
  }
  if (!ours()?.[3]?.startsWith('online')) {
    try {
      ctl('start');
    } catch (error) {
      // another test file started it in the meantime
      if (!ours()?.[3]?.startsWith('online')) throw error;
    }
  }
  await waitUntilUp();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${RELIAB_PG_PORT}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = 'root'`);
    if (exists.rowCount === 0) await admin.query('CREATE ROLE root SUPERUSER LOGIN');
  } finally {
    await admin.end();
  }
}

/** Resolves once the reliability cluster answers a query. */
export const waitUntilUp = (timeoutMs = 30_000) => waitForPostgres(RELIAB_PG_PORT, timeoutMs);

export const restartCluster = () => ctl('restart', '-m', 'fast');
export const stopCluster = () => ctl('stop', '-m', 'fast');
export const startCluster = () => ctl('start');

/** Runs SQL on the cluster as its superuser (a fresh connection each time). */
export const onCluster = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  asSuperuser<T>(RELIAB_PG_PORT, sql, params);

/** Ends every connection Akkoord holds (`pg_terminate_backend`); answers how many. */
export async function terminateAkkoordConnections(): Promise<number> {
  const rows = await onCluster<{ n: string }>(
    `SELECT count(pg_terminate_backend(pid))::text AS n FROM pg_stat_activity
     WHERE pid <> pg_backend_pid() AND usename = 'root' AND datname = 'postgres'`,
  );
  return Number(rows[0]?.n ?? 0);
}
