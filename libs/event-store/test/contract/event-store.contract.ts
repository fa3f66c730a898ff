/**
 * The event store contract: written once, run against every adapter (SQLite and PostgreSQL in every `npm test`,
 * EventStoreDB when AKKOORD_TEST_ESDB_URL names a server).
 *
 * Usage in an adapter's spec:
 *   runEventStoreContract('sqlite', { freshUrl: async () => `sqlite:${tmpfile}`, densePositions: true, crashDurability: true });
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import {
  DuplicateEventId,
  InvalidAppend,
  StoreUnavailable,
  WrongExpectedVersion,
  openEventStore,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../src/index.js';

export interface ContractFixture {
  /** A store URL naming a fresh, empty ledger (a new file, schema or database). */
  freshUrl(): Promise<string>;
  /** True when global positions are 1, 2, 3 … with no holes (SQLite, PostgreSQL). */
  densePositions: boolean;
  /** True when the store runs where this test can SIGKILL a writer and reopen (SQLite, PostgreSQL). */
  crashDurability: boolean;
  /** Called once after the suite (drop schemas, delete files). */
  cleanup?(): Promise<void>;
}

const actor = { userId: 'u-contract', organisationId: 'programme-office', roles: ['programme_office'] };

function events(n: number, type = 'Happened'): NewEvent[] {
  return Array.from({ length: n }, (_x, i) => ({
    eventId: randomUUID(),
    type,
    data: { i, text: `event ${i}`, nested: { list: [1, 2, i] } },
    metadata: { actor, commandId: randomUUID(), correlationId: 'corr-1', validFrom: '2021-03-31' },
  }));
}

function stream(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

async function expectReject<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}

interface Appender {
  child: ChildProcess;
  acks: { position: number; eventId: string }[];
  /** when it called its first append and received its last acknowledgement (epoch ms; NaN until printed) */
  span: { from: number; until: number };
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a separate process (its own connection) that appends and prints what the store acknowledged. */
export function spawnAppender(
  url: string,
  prefix: string,
  count: number | 'forever',
  { streams = 10, callers = 1, waitForGo = false }: { streams?: number; callers?: number; waitForGo?: boolean } = {},
): Appender {
  const script = resolve('libs/event-store/test/support/appender.ts');
  const args = [script, url, prefix, String(count), String(streams), String(callers), waitForGo ? 'wait' : ''];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: [waitForGo ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const acks: Appender['acks'] = [];
  const span: Appender['span'] = { from: Number.NaN, until: Number.NaN };
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let markReady: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') markReady();
    const m = /^ack (\d+) (\S+)$/.exec(line);
    if (m) acks.push({ position: Number(m[1]), eventId: m[2] });
    const t = /^(appending-from|appended-until) (\d+)$/.exec(line);
    if (t) span[t[1] === 'appending-from' ? 'from' : 'until'] = Number(t[2]);
  });
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`appender ${prefix} exited ${code}: ${stderr}\n`);
      markReady();
      r(code);
    }),
  );
  return { child, acks, span, ready, exited };
}

export function runEventStoreContract(name: string, fixture: ContractFixture): void {
  describe(`the ${name} event store contract`, () => {
    let url: string;
    let store: EventStore;

    beforeAll(async () => {
      url = await fixture.freshUrl();
      store = await openEventStore(url);
    });
    afterAll(async () => {
      await store?.close();
      await fixture.cleanup?.();
    });

    describe('appending and reading a stream', () => {
      it('reads back what was appended, with versions 0, 1, 2 … and rising positions', async () => {
        const id = stream('activity');
        const batch = events(3);
        const first = await store.append(id, batch.slice(0, 1), 'no_stream');
        const rest = await store.append(id, batch.slice(1), 0);
        expect(first.streamVersion).toBe(0);
        expect(rest.streamVersion).toBe(2);
        expect(rest.eventIds).toEqual([batch[1].eventId, batch[2].eventId]);

        const read = await store.readStream(id);
        expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
        expect(read.map((e) => e.data)).toEqual(batch.map((e) => e.data));
        expect(read[1].type).toBe('Happened');
        expect(read[1].streamId).toBe(id);
        expect(read[1].metadata.actor).toEqual(actor);
        expect(read[1].metadata.commandId).toBe(batch[1].metadata.commandId);
        expect(read[1].metadata.validFrom).toBe('2021-03-31');
        expect(Date.parse(read[1].metadata.recordedAt)).not.toBeNaN();
        const positions = read.map((e) => e.globalPosition);
        expect(positions[1]).toBeGreaterThan(positions[0]);
        expect(positions[2]).toBeGreaterThan(positions[1]);
        if (fixture.densePositions) expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2]);
        expect(rest.globalPosition).toBe(positions[2]);
        expect(rest.events.map((e) => e.globalPosition)).toEqual(positions.slice(1));
      });

      it('reads a slice of a stream by version, and nothing for an unknown stream', async () => {
        const id = stream('partner');
        await store.append(id, events(5), 'no_stream');
        const slice = await store.readStream(id, { fromVersion: 1, toVersion: 3 });
        expect(slice.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(slice.map((e) => e.data.i)).toEqual([1, 2, 3]);
        expect(await store.readStream(stream('nobody'))).toEqual([]);
      });
    });

    describe('expected versions', () => {
      it('no_stream passes on a new stream and fails on an existing one with the actual version', async () => {
        const id = stream('region');
        await store.append(id, events(2), 'no_stream');
        const error = await expectReject(store.append(id, events(1), 'no_stream'), WrongExpectedVersion);
        expect(error.expectedVersion).toBe('no_stream');
        expect(error.actualVersion).toBe(1);
        expect(error.streamId).toBe(id);
      });

      it('stream_exists passes on an existing stream and fails on a new one with actual -1', async () => {
        const id = stream('region');
        const error = await expectReject(store.append(id, events(1), 'stream_exists'), WrongExpectedVersion);
        expect(error.actualVersion).toBe(-1);
        await store.append(id, events(1), 'no_stream');
        const ok = await store.append(id, events(1), 'stream_exists');
        expect(ok.streamVersion).toBe(1);
      });

      it('a number passes when it is the last version and fails otherwise with the actual version', async () => {
        const id = stream('agreement');
        await store.append(id, events(3), 'no_stream');
        const stale = await expectReject(store.append(id, events(1), 1), WrongExpectedVersion);
        expect(stale.expectedVersion).toBe(1);
        expect(stale.actualVersion).toBe(2);
        const ahead = await expectReject(store.append(id, events(1), 7), WrongExpectedVersion);
        expect(ahead.actualVersion).toBe(2);
        const ok = await store.append(id, events(1), 2);
        expect(ok.streamVersion).toBe(3);
      });

      it('any appends whatever the stream holds', async () => {
        const id = stream('programme');
        expect((await store.append(id, events(1), 'any')).streamVersion).toBe(0);
        expect((await store.append(id, events(2), 'any')).streamVersion).toBe(2);
      });
    });

    describe('atomic appends', () => {
      it('leaves nothing of a multi-event append visible when its version check fails', async () => {
        const id = stream('activity');
        await store.append(id, events(1), 'no_stream');
        const head = await store.headPosition();
        await expectReject(store.append(id, events(4), 5), WrongExpectedVersion);
        expect(await store.readStream(id)).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('leaves nothing visible when a later event of the batch is refused', async () => {
        const taken = events(1);
        await store.append(stream('other'), taken, 'no_stream');
        const id = stream('activity');
        const head = await store.headPosition();
        const batch = [...events(2), { ...events(1)[0], eventId: taken[0].eventId }];
        await expectReject(store.append(id, batch, 'any'), DuplicateEventId);
        expect(await store.readStream(id)).toEqual([]);
        expect(await store.headPosition()).toBe(head);
        for (const e of batch.slice(0, 2)) {
          expect((await store.readAll({ fromPosition: head + 1 })).some((r) => r.eventId === e.eventId)).toBe(false);
        }
      });

      it('refuses an empty append and data that JSON cannot hold, storing nothing', async () => {
        const id = stream('activity');
        await expectReject(store.append(id, [], 'any'), InvalidAppend);
        const bad = events(2);
        bad[1] = { ...bad[1], data: { amount: BigInt(5) } as unknown as Record<string, unknown> };
        await expectReject(store.append(id, bad, 'any'), InvalidAppend);
        expect(await store.readStream(id)).toEqual([]);
      });
    });

    describe('idempotency', () => {
      it.each(['no_stream', 'any', 'stream_exists', 0] as const)(
        'returns the first result for the same event ids on the same stream (expected %s) and stores nothing',
        async (expected) => {
          const id = stream('activity');
          const batch = events(2);
          const first = await store.append(id, batch, 'no_stream');
          const head = await store.headPosition();
          const again = await store.append(id, batch, expected);
          expect(again.streamVersion).toBe(first.streamVersion);
          expect(again.globalPosition).toBe(first.globalPosition);
          expect(again.eventIds).toEqual(first.eventIds);
          expect(await store.headPosition()).toBe(head);
          expect(await store.readStream(id)).toHaveLength(2);
        },
      );

      it('refuses the same event id on a different stream', async () => {
        const batch = events(1);
        const firstStream = stream('activity');
        await store.append(firstStream, batch, 'no_stream');
        const error = await expectReject(store.append(stream('activity'), batch, 'any'), DuplicateEventId);
        expect(error.eventId).toBe(batch[0].eventId);
        expect(error.existingStreamId).toBe(firstStream);
      });
    });

    describe('reading the global log', () => {
      it('reads from a position (inclusive) with a limit, in order', async () => {
        const head = await store.headPosition();
        const appended = [];
        for (let i = 0; i < 5; i++)
          appended.push(...(await store.append(stream('log'), events(2), 'no_stream')).events);
        const page = await store.readAll({ fromPosition: appended[3].globalPosition, limit: 4 });
        expect(page.map((e) => e.eventId)).toEqual(appended.slice(3, 7).map((e) => e.eventId));
        const all = await store.readAll({ fromPosition: head + 1, limit: 10_000 });
        expect(all.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
        if (fixture.densePositions) expect(await store.headPosition()).toBe(head + 10);
      });

      it('reads only what was recorded up to untilRecordedAt, and recordedAt never goes back', async () => {
        const times = ['2021-01-10T09:00:00.000Z', '2021-02-10T09:00:00.000Z', '2021-01-01T00:00:00.000Z'];
        let i = 0;
        const clocked = await openEventStore(await fixture.freshUrl(), { clock: () => new Date(times[i++]) });
        try {
          const a = await clocked.append(stream('t'), events(1), 'no_stream');
          const b = await clocked.append(stream('t'), events(2), 'no_stream');
          const c = await clocked.append(stream('t'), events(1), 'no_stream');
          expect(a.events[0].metadata.recordedAt).toBe(times[0]);
          expect(b.events.map((e) => e.metadata.recordedAt)).toEqual([times[1], times[1]]);
          // a clock that goes back does not make the log go back in time
          expect(c.events[0].metadata.recordedAt).toBe(times[1]);
          const untilJan = await clocked.readAll({ untilRecordedAt: '2021-01-31T23:59:59Z' });
          expect(untilJan.map((e) => e.eventId)).toEqual([a.eventIds[0]]);
          const withZone = await clocked.readAll({ untilRecordedAt: '2021-02-10T10:00:00+01:00' });
          expect(withZone).toHaveLength(4);
          expect(await clocked.readAll({ untilRecordedAt: '2020-12-31T00:00:00Z' })).toEqual([]);
        } finally {
          await clocked.close();
        }
      });
    });

    describe('catch-up subscription', () => {
      it('delivers every event from a position once, in order, then goes on live', async () => {
        const from = (await store.headPosition()) + 1;
        const before = [];
        for (let i = 0; i < 3; i++)
          before.push(...(await store.append(stream('sub'), events(2), 'no_stream')).eventIds);
        const controller = new AbortController();
        const seen: RecordedEvent[] = [];
        const after: string[] = [];
        const done = (async () => {
          for await (const e of store.subscribe({ fromPosition: from, batchSize: 4, signal: controller.signal })) {
            seen.push(e);
            if (seen.length === 12) controller.abort();
          }
        })();
        await waitUntil(() => seen.length >= 6);
        for (let i = 0; i < 3; i++) after.push(...(await store.append(stream('sub'), events(2), 'no_stream')).eventIds);
        await done;
        expect(seen.map((e) => e.eventId)).toEqual([...before, ...after]);
        for (let i = 1; i < seen.length; i++)
          expect(seen[i].globalPosition).toBeGreaterThan(seen[i - 1].globalPosition);
      });
    });

    describe('gap-safety under concurrent appenders', () => {
      it('8 appenders on their own connections write 2,000 events; a live subscriber sees each once, never going back', async () => {
        const from = (await store.headPosition()) + 1;
        const perAppender = 250;
        const appenders = Array.from({ length: 8 }, (_x, i) =>
          spawnAppender(url, `gap-${i}-${randomUUID().slice(0, 6)}`, perAppender),
        );
        const controller = new AbortController();
        const seen: RecordedEvent[] = [];
        let wentBack = 0;
        const subscriber = (async () => {
          for await (const e of store.subscribe({ fromPosition: from, batchSize: 64, signal: controller.signal })) {
            if (seen.length > 0 && e.globalPosition <= seen[seen.length - 1].globalPosition) wentBack++;
            seen.push(e);
            if (seen.length === 8 * perAppender) controller.abort();
          }
        })();
        const codes = await Promise.all(appenders.map((a) => a.exited));
        expect(codes).toEqual(Array(8).fill(0));
        const timeout = setTimeout(() => controller.abort(), 30_000);
        await subscriber;
        clearTimeout(timeout);
        const acked = appenders.flatMap((a) => a.acks);
        expect(acked).toHaveLength(8 * perAppender);
        expect(wentBack).toBe(0);
        expect(seen).toHaveLength(8 * perAppender);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(8 * perAppender);
        const seenById = new Map(seen.map((e) => [e.eventId, e.globalPosition]));
        for (const ack of acked) expect(seenById.get(ack.eventId)).toBe(ack.position);
        if (fixture.densePositions) {
          expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: seen.length }, (_x, i) => from + i));
        }
      }, 120_000);

      it('two processes with 16 concurrent callers each append batches while a subscriber reads: no gap, no duplicate, never back', async () => {
        const from = (await store.headPosition()) + 1;
        const appends = 600;
        const appenders = [0, 1].map((i) =>
          spawnAppender(url, `two-${i}-${randomUUID().slice(0, 6)}`, appends, {
            streams: 5,
            callers: 16,
            waitForGo: true,
          }),
        );
        await Promise.all(appenders.map((a) => a.ready));
        for (const a of appenders) a.child.stdin!.end('go\n');
        // 1, 2 or 3 events per append (i % 3), as the appender sends them
        const total = 2 * Array.from({ length: appends }, (_x, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
        const controller = new AbortController();
        const seen: RecordedEvent[] = [];
        let wentBack = 0;
        const subscriber = (async () => {
          for await (const e of store.subscribe({ fromPosition: from, batchSize: 50, signal: controller.signal })) {
            if (seen.length > 0 && e.globalPosition <= seen[seen.length - 1].globalPosition) wentBack++;
            seen.push(e);
            if (seen.length === total) controller.abort();
          }
        })();
        expect(await Promise.all(appenders.map((a) => a.exited))).toEqual([0, 0]);
        const timeout = setTimeout(() => controller.abort(), 30_000);
        await subscriber;
        clearTimeout(timeout);
        const acked = appenders.flatMap((a) => a.acks);
        expect(acked).toHaveLength(total);
        expect(wentBack).toBe(0);
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(total);
        const seenById = new Map(seen.map((e) => [e.eventId, e.globalPosition]));
        for (const ack of acked) expect(seenById.get(ack.eventId)).toBe(ack.position);
        // the two processes were appending at the same time (each began before the other's last acknowledgement);
        // where in the log their events land is the store's lock scheduling (SQLite's busy handler may let one
        // process finish first), so it is not asserted
        const [first, second] = appenders.map((a) => a.span);
        expect(first.from).toBeLessThanOrEqual(second.until);
        expect(second.from).toBeLessThanOrEqual(first.until);
        if (fixture.densePositions) {
          expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: total }, (_x, i) => from + i));
        }
        const byStream = new Map<string, number[]>();
        for (const e of seen) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
        for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_v, i) => i));
      }, 120_000);
    });

    describe('a closed store', () => {
      it('refuses reads and appends with StoreUnavailable', async () => {
        const closed = await openEventStore(await fixture.freshUrl());
        await closed.close();
        await expectReject(closed.readStream(stream('x')), StoreUnavailable);
        await expectReject(closed.readAll(), StoreUnavailable);
        await expectReject(closed.append(stream('x'), events(1), 'any'), StoreUnavailable);
        await closed.close();
      });
    });

    if (fixture.crashDurability) {
      describe('crash durability', () => {
        it('keeps every acknowledged event when the writer is killed with SIGKILL', async () => {
          const crashUrl = await fixture.freshUrl();
          const writer = spawnAppender(crashUrl, `crash-${randomUUID().slice(0, 6)}`, 'forever');
          await writer.ready;
          await waitUntil(() => writer.acks.length >= 300, 60_000);
          writer.child.kill('SIGKILL');
          await writer.exited;
          const acked = [...writer.acks];
          const reopened = await openEventStore(crashUrl);
          try {
            const stored = await reopened.readAll({ limit: 1_000_000 });
            const byId = new Map(stored.map((e) => [e.eventId, e]));
            for (const ack of acked) {
              const e = byId.get(ack.eventId);
              expect(e?.globalPosition).toBe(ack.position);
              expect(e?.type).toBe('Appended');
            }
            expect(stored.length).toBeGreaterThanOrEqual(acked.length);
            expect(stored.map((e) => e.globalPosition)).toEqual(stored.map((_e, i) => i + 1));
            // the reopened ledger takes appends right after the last stored position
            const next = await reopened.append(stream('after-crash'), events(1), 'no_stream');
            expect(next.globalPosition).toBe(stored.length + 1);
          } finally {
            await reopened.close();
          }
        }, 120_000);
      });
    }
  });
}

export async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
