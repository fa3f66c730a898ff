import { randomUUID } from 'node:crypto';
import { ProjectionRunner, openReadStore, type Projection, type ReadStore } from '@akkoord/projections';
import { openEventStore, type EventStore } from '@akkoord/event-store';
import { appendLedger, generateLedger } from '../test/bench/ledger-generator.js';
import { STORE_KINDS, testLedger, type TestLedger } from '../test/support/stores.js';
import { allProjections } from './index.js';

/**
 * A restart must not rebuild what did not change: start-up only rebuilds a projection whose code version differs from
 * the one its checkpoint was written with. Checked by starting runners on the same ledger one after another, as
 * restarts of the app do.
 */
describe.each(STORE_KINDS)('a restart on %s', (kind) => {
  let ledger: TestLedger;
  let store: EventStore;
  let readStore: ReadStore;

  beforeAll(async () => {
    ledger = testLedger(kind);
    await appendLedger(ledger.url, generateLedger({ events: 600, activities: 35, seed: 5 }), { stretch: 200 });
    store = await openEventStore(ledger.url);
    readStore = await openReadStore(ledger.url);
  });

  afterAll(async () => {
    await readStore?.close();
    await store?.close();
    await ledger?.destroy();
  });

  /** Starts a runner as the app does, stops it, and answers what it logged. */
  async function startAndStop(projections: readonly Projection[]): Promise<string[]> {
    const logged: string[] = [];
    const runner = new ProjectionRunner(store, readStore, projections, {
      log: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
    await runner.start();
    await runner.stop();
    return logged;
  }

  const checkpoints = () =>
    readStore.all<{ name: string; position: number; version: number }>(
      'SELECT name, position, version FROM projection_checkpoints ORDER BY name',
    );
  /** The audit table's indexes (the runner creates them after a rebuild's rows are in). */
  const auditIndexes = async () =>
    (
      await readStore.all<{ name: string }>(
        kind === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entries' AND sql IS NOT NULL"
          : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'audit_entries' AND schemaname = current_schema() AND indexname <> 'audit_entries_pkey'",
      )
    )
      .map((r) => r.name)
      .sort();
  const INDEXES = ['audit_entries_organisation', 'audit_entries_recorded', 'audit_entries_type', 'audit_entries_user'];
  const rows = (table: string) => readStore.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);

  it('keeps every checkpoint and table when no version changed, and rebuilds only the one whose version did', async () => {
    await startAndStop(allProjections);
    const head = await store.headPosition();
    const first = await checkpoints();
    expect(first.map((c) => Number(c.position))).toEqual(first.map(() => head));
    const audit = await rows('audit_entries');
    expect(Number(audit?.n)).toBe(head);
    expect(await auditIndexes()).toEqual(INDEXES);

    const logged = await startAndStop(allProjections);
    expect(logged.filter((line) => /rebuild/i.test(line))).toEqual([]);
    expect(await checkpoints()).toEqual(first);
    expect(await rows('audit_entries')).toEqual(audit);

    // the same ledger under a new audit version: that one starts from 0, the others keep their place
    const bumped = allProjections.map((p) => (p.name === 'audit' ? { ...p, version: p.version + 1 } : p));
    const rebuilding: unknown[] = [];
    const runner = new ProjectionRunner(store, readStore, bumped, {
      log: (message, fields) => void (/rebuild/.test(message) && rebuilding.push(fields)),
    });
    await runner.prepare();
    expect(rebuilding).toEqual([{ projection: 'audit' }]);
    expect((await checkpoints()).find((c) => c.name === 'audit')).toMatchObject({
      position: 0,
      version: bumped.find((p) => p.name === 'audit')!.version,
    });
    expect((await checkpoints()).filter((c) => c.name !== 'audit')).toEqual(first.filter((c) => c.name !== 'audit'));
    expect(await auditIndexes()).toEqual([]);
    await runner.catchUp();
    expect(await rows('audit_entries')).toEqual(audit);
    expect(await auditIndexes()).toEqual(INDEXES);
  });
  it('says when the read models it writes changed, per projection, and nothing while it does not write them', async () => {
    const runner = new ProjectionRunner(store, readStore, allProjections);
    expect(runner.readModelVersion(['activity_status'])).toBeUndefined(); // not writing (an API node's runner)
    await runner.start();
    const activities = runner.readModelVersion(['activity_status']);
    const partners = runner.readModelVersion(['partner_involvement']);
    expect(activities).toEqual(expect.any(String));
    const actor = { userId: 'u1', organisationId: 'programme-office', roles: ['programme_office'] };
    const registered = await store.append(
      'partner-version-test',
      [
        {
          eventId: randomUUID(),
          type: 'PartnerRegistered',
          data: { partnerId: 'version-test', name: 'Versietest', kind: 'employer' },
          metadata: { actor },
        },
      ],
      'no_stream',
    );
    expect(await runner.waitFor(registered.globalPosition)).toBe(true);
    // a partner is no activity: the activity read model is as it was, the partners' changed
    expect(runner.readModelVersion(['activity_status'])).toBe(activities);
    expect(runner.readModelVersion(['partner_involvement'])).not.toBe(partners);
    expect(runner.readModelVersion(['activity_status', 'partner_involvement'])).not.toBe(
      runner.readModelVersion(['activity_status']),
    );
    await runner.stop();
    expect(runner.readModelVersion(['activity_status'])).toBeUndefined();
  });
});
