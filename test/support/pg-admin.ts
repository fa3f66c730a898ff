/** A PostgreSQL cluster of a test's own (another port than the shared one), reached as its `postgres` superuser. */
import pg from 'pg';

const superuser = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** Resolves once the cluster on `port` answers a query; throws the last connection error after `timeoutMs`. */
export async function waitForPostgres(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: superuser(port) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Runs SQL on the cluster on `port` as its superuser (a fresh connection each time). */
export async function asSuperuser<T extends pg.QueryResultRow>(
  port: number,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: superuser(port) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
