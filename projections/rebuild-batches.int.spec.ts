import { ProjectionRunner, openReadStore, type ReadStore } from '@akkoord/projections';
import { openEventStore, type EventStore } from '@akkoord/event-store';
import { appendLedger, generateLedger } from '../test/bench/ledger-generator.js';
import { STORE_KINDS, testLedger, type TestLedger } from '../test/support/stores.js';
import { allProjections } from './index.js';
import { statusTimeSeries } from './timeseries/timeseries.queries.js';

/**
 * Every projection must leave the same tables however the log is cut into batches: event by event (what the live
 * runner does between commands), in small batches, and in the large ones of a rebuild (where projections with
 * `applyBatch` keep what a batch touches in memory). Checked on a generated ledger with every kind of event: late and
 * corrected reports, commitments made, fulfilled and withdrawn in other batches than they were made, borging, lead
 * changes, closures, agreements signed, amended and signed again.
 */
describe.each(STORE_KINDS)('every read model on %s, whatever the batches', (kind) => {
  let ledger: TestLedger;
  let store: EventStore;
  let readStore: ReadStore;

  beforeAll(async () => {
    ledger = testLedger(kind);
    const generated = generateLedger({ events: 2_500, activities: 35, seed: 3 });
    await appendLedger(ledger.url, generated, { stretch: 200 });
    store = await openEventStore(ledger.url);
    readStore = await openReadStore(ledger.url);
  });

  afterAll(async () => {
    await readStore?.close();
    await store?.close();
    await ledger?.destroy();
  });

  /** Every table's rows, each as JSON, sorted: row order is not part of a read model. */
  async function dump(): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const projection of allProjections) {
      for (const table of projection.tables) {
        const rows = await readStore.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
        tables[table] = rows.map((row) => JSON.stringify(row)).sort();
      }
    }
    return tables;
  }

  it('gives the same tables event by event, in batches of 7 and in one rebuild', async () => {
    const one = new ProjectionRunner(store, readStore, allProjections, { batchSize: 1, catchUpBatchSize: 1 });
    await one.prepare();
    await one.rebuild();
    const eventByEvent = await dump();
    expect(eventByEvent.activity_commitments.length).toBeGreaterThan(100);
    expect(eventByEvent.involvement_counts.length).toBeGreaterThan(100);

    const seven = new ProjectionRunner(store, readStore, allProjections, { batchSize: 7, catchUpBatchSize: 7 });
    await seven.rebuild();
    expect(await dump()).toEqual(eventByEvent);

    const large = new ProjectionRunner(store, readStore, allProjections);
    await large.rebuild();
    expect(await dump()).toEqual(eventByEvent);
    for (const status of await large.status()) expect(status.lag).toBe(0);
  }, 600_000); // event by event is 2,500 transactions: minutes on PostgreSQL when the machine is busy

  it('answers the current time series of each programme from the aggregate exactly as from the reports', async () => {
    const runner = new ProjectionRunner(store, readStore, allProjections, { batchSize: 50, catchUpBatchSize: 50 });
    await runner.rebuild();
    let nonEmpty = 0;
    for (const programmeId of ['pow', 'rmt']) {
      for (const interval of ['month', 'quarter'] as const) {
        const query = { programmeId, interval, from: '2019-01-01', to: '2023-06-30' };
        const aggregated = await statusTimeSeries(readStore, query);
        expect(aggregated).toEqual(await statusTimeSeries(readStore, query, { exact: true }));
        nonEmpty += aggregated.buckets.filter((b) => b.reported > 0 && b.on_track > 0).length;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });
});
