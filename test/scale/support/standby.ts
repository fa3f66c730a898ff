/**
 * A PostgreSQL primary and a streaming hot standby of it, as clusters of this test's own on free ports
 * (`pg_createcluster` + `pg_basebackup -R`): the shared server on 5432 allows no replication connections, and the
 * fault tests' 5441 is not touched. `drop()` removes both (`pg_dropcluster --stop`).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { asSuperuser, waitForPostgres } from '../../support/pg-admin.js';

const VERSION = process.env.AKKOORD_STANDBY_PG_VERSION ?? '15';

/** Why a standby cannot be made here (the PostgreSQL cluster tools are missing), or undefined. */
export function standbyToolsMissing(): string | undefined {
  for (const tool of ['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster']) {
    if (!existsSync(`/usr/bin/${tool}`)) return `${tool} is not installed`;
  }
  if (!existsSync(`/usr/lib/postgresql/${VERSION}/bin/pg_basebackup`))
    return `pg_basebackup ${VERSION} is not installed`;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

export interface Pair {
  primaryUrl: string;
  standbyUrl: string;
  /** Runs SQL on the standby as its superuser. */
  onStandby<T extends pg.QueryResultRow>(sql: string): Promise<T[]>;
  drop(): void;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe' });

/** Creates the primary (with a `root` superuser), then the standby streaming from it; waits until both answer. */
export async function createPair(): Promise<Pair> {
  const tag = randomBytes(3).toString('hex');
  const primary = `akk_primary_${tag}`;
  const standby = `akk_standby_${tag}`;
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const created: string[] = [];
  const drop = () => {
    for (const name of created.reverse()) {
      try {
        run('pg_dropcluster', ['--stop', VERSION, name]);
      } catch {
        // already gone
      }
    }
  };
  try {
    run('pg_createcluster', [VERSION, primary, '-p', String(primaryPort), '--', '--auth=trust']);
    created.push(primary);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, primary, 'start']);
    await waitForPostgres(primaryPort, 60_000);
    await asSuperuser(primaryPort, 'CREATE ROLE root SUPERUSER LOGIN');
    run('pg_createcluster', [VERSION, standby, '-p', String(standbyPort), '--', '--auth=trust']);
    created.push(standby);
    const dataDir = `/var/lib/postgresql/${VERSION}/${standby}`;
    for (const entry of readdirSync(dataDir)) rmSync(`${dataDir}/${entry}`, { recursive: true, force: true });
    run('runuser', [
      '-u',
      'postgres',
      '--',
      `/usr/lib/postgresql/${VERSION}/bin/pg_basebackup`,
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
    ]);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, standby, 'start']);
    await waitForPostgres(standbyPort, 60_000);
  } catch (error) {
    drop();
    throw error;
  }
  return {
    primaryUrl: `postgres://root@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://root@127.0.0.1:${standbyPort}/postgres`,
    onStandby: (sql) => asSuperuser(standbyPort, sql),
    drop,
  };
}
