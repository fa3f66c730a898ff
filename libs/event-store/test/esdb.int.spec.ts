/**
 * The event store contract against EventStoreDB / KurrentDB, when AKKOORD_TEST_ESDB_URL names a server, e.g.
 *   docker compose up -d eventstore
 *   AKKOORD_TEST_ESDB_URL='esdb://localhost:2113?tls=false' npm test -- libs/event-store/test/esdb.int.spec.ts
 * Every run works in fresh ledgers (`?ledger=<random>`), so the server needs no cleaning between runs.
 */
import { randomUUID } from 'node:crypto';
import { openEventStore, type EventStore, type NewEvent } from '../src/index.js';
import { esdbLedgerUrl } from '../src/esdb/esdb-mapping.js';
import { runEventStoreContract } from './contract/event-store.contract.js';

const serverUrl = process.env.AKKOORD_TEST_ESDB_URL;

if (serverUrl) {
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const freshUrl = async () => esdbLedgerUrl(serverUrl, `contract-${run}-${++n}`);

  runEventStoreContract('EventStoreDB', { freshUrl, densePositions: false, crashDurability: false });

  describe('EventStoreDB specifics', () => {
    const actor = { userId: 'u-esdb', organisationId: 'programme-office', roles: [] };
    const one = (eventId: string = randomUUID(), data: Record<string, unknown> = {}): NewEvent[] => [
      { eventId, type: 'Happened', data, metadata: { actor } },
    ];
    const opened: EventStore[] = [];
    const open = async (url: string, clock?: () => Date) => {
      const store = await openEventStore(url, clock ? { clock } : {});
      opened.push(store);
      return store;
    };
    afterAll(async () => {
      for (const store of opened) await store.close();
    });

    it('keeps two ledgers on one server apart, and lets each use the same event id', async () => {
      const a = await open(await freshUrl());
      const b = await open(await freshUrl());
      const id = randomUUID();
      await a.append('activity-1', one(id, { ledger: 'a' }), 'no_stream');
      await b.append('activity-1', one(id, { ledger: 'b' }), 'no_stream');
      expect((await a.readAll()).map((e) => e.data)).toEqual([{ ledger: 'a' }]);
      expect((await b.readStream('activity-1')).map((e) => e.data)).toEqual([{ ledger: 'b' }]);
    });

    it('continues recordedAt from the ledger’s last event after a reopen with a clock that went back', async () => {
      const url = await freshUrl();
      const first = await open(url, () => new Date('2021-02-10T09:00:00.000Z'));
      await first.append('activity-1', one(), 'no_stream');
      const second = await open(url, () => new Date('2021-01-01T00:00:00.000Z'));
      const later = await second.append('activity-1', one(), 0);
      expect(later.events[0].metadata.recordedAt).toBe('2021-02-10T09:00:00.000Z');
    });

    it('keeps event ids that are not UUIDs, and answers their retry with the first result', async () => {
      const store = await open(await freshUrl());
      const first = await store.append('activity-1', one('cmd-42:0'), 'no_stream');
      expect(first.eventIds).toEqual(['cmd-42:0']);
      expect((await store.readStream('activity-1'))[0].eventId).toBe('cmd-42:0');
      const again = await store.append('activity-1', one('cmd-42:0'), 'any');
      expect(again.globalPosition).toBe(first.globalPosition);
    });

    it('reads from a checkpoint + 1 in a process that never saw the checkpoint’s event', async () => {
      const url = await freshUrl();
      const writer = await open(url);
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await writer.append(`log-${i}`, one(undefined, { i }), 'no_stream'));
      const reader = await open(url);
      const rest = await reader.readAll({ fromPosition: results[1].globalPosition + 1 });
      expect(rest.map((e) => e.data.i)).toEqual([2, 3]);
      const fresh = await open(url);
      expect((await fresh.readAll({ fromPosition: results[2].globalPosition })).map((e) => e.data.i)).toEqual([2, 3]);
    });
  });
} else {
  console.warn(
    'EventStoreDB contract suite skipped: AKKOORD_TEST_ESDB_URL is not set (no EventStoreDB server is reachable on this machine; docker compose up eventstore gives one)',
  );
  describe('the EventStoreDB event store contract', () => {
    it('runs only when AKKOORD_TEST_ESDB_URL names a server, and it names none here', () => {
      expect(process.env.AKKOORD_TEST_ESDB_URL ?? '').toBe('');
    });
  });
}
