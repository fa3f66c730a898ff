/**
 * The workloads of `npm run bench:peers`, written once against a tiny adapter that each store implements
 * (stores.ts). Every figure is checked: what a workload appended is read back and counted.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface PeerEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** What each store offers the workloads. `expected` is the stream's last version, or -1 for a new stream. */
export interface PeerStore {
  name: string;
  /** Appends; answers the stream's new last version. Throws a `Conflict` on a version mismatch. */
  append(stream: string, events: PeerEvent[], expected: number): Promise<number>;
  /** How many events the stream holds (reads them all). */
  readStream(stream: string): Promise<number>;
  /** Reads the whole log in pages; answers the count and whether positions only ever rose. */
  readAll(): Promise<{ count: number; rising: boolean; duplicates?: number }>;
  /** The durability settings read back from the database (e.g. `synchronous=2 journal_mode=wal`). */
  durability(): Promise<string>;
  close(): Promise<void>;
}

export class Conflict extends Error {}

export type Figures = Record<string, number | string>;

const BATCH = Number(process.env.PEERS_BATCH_EVENTS ?? 20_000);
const SINGLE = Number(process.env.PEERS_SINGLE ?? 400);
const CONCURRENT = Number(process.env.PEERS_CONCURRENT ?? 3_200);
const HOT_MS = Number(process.env.PEERS_HOT_MS ?? 4_000);
/** A workload stops after this long (a store that livelocks reports what it did by then). */
const CAP_MS = Number(process.env.PEERS_CAP_MS ?? 30_000);

const actor = { userId: randomUUID(), organisationId: 'gemeente-utrecht', roles: ['partner_coordinator'] };

export function event(i: number): PeerEvent {
  return {
    id: randomUUID(),
    type: 'ActivityStatusReported',
    data: {
      activityId: randomUUID(),
      period: `2026-Q${(i % 4) + 1}`,
      status: 'on_track',
      realised: [
        { indicator: 'placements', value: i % 40 },
        { indicator: 'training_places', value: i % 17 },
      ],
      note: 'On schedule.',
      validFrom: '2026-03-31',
    },
    metadata: { actor, commandId: randomUUID(), correlationId: randomUUID(), validFrom: '2026-03-31' },
  };
}

async function batchAppends(store: PeerStore, f: Figures): Promise<void> {
  const size = 200;
  let elapsed = 0;
  const streams: string[] = [];
  for (let done = 0; done < BATCH; done += size) {
    const events = Array.from({ length: size }, (_x, i) => event(i));
    const stream = `batch-${randomUUID()}`;
    const t = performance.now();
    await store.append(stream, events, -1);
    elapsed += performance.now() - t;
    streams.push(stream);
  }
  f.batch = BATCH / (elapsed / 1000);
  for (const s of streams.slice(0, 5)) if ((await store.readStream(s)) !== size) throw new Error(`${s} is short`);
}

async function singleAppends(store: PeerStore, callers: number, total: number, f: Figures, key: string) {
  const per = Math.ceil(total / callers);
  let ok = 0;
  let errors = 0;
  const deadline = performance.now() + CAP_MS;
  const expected = new Map<string, number>();
  const t = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      const stream = `single-${randomUUID()}`;
      let version = -1;
      for (let i = 0; i < per && performance.now() < deadline; i++) {
        try {
          version = await store.append(stream, [event(i)], version);
          ok++;
        } catch {
          errors++;
          break;
        }
      }
      expected.set(stream, version + 1);
    }),
  );
  f[key] = ok / ((performance.now() - t) / 1000);
  f[`${key}Errors`] = errors;
  if (ok < callers * per) f[`${key}Note`] = `${ok} of ${callers * per} appends in ${CAP_MS / 1000} s`;
  for (const [stream, length] of expected) {
    if ((await store.readStream(stream)) !== length) throw new Error(`${stream} does not hold ${length} events`);
  }
}

/** 32 callers on one stream, each reading the stream's version and appending with it; counts successes. */
async function hotStream(store: PeerStore, f: Figures): Promise<void> {
  const stream = `hot-${randomUUID()}`;
  await store.append(stream, [event(0)], -1);
  let ok = 0;
  let conflicts = 0;
  const end = performance.now() + HOT_MS;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < end) {
        const version = (await store.readStream(stream)) - 1;
        try {
          await store.append(stream, [event(version)], version);
          ok++;
        } catch (error) {
          if (!(error instanceof Conflict)) throw error;
          conflicts++;
        }
      }
    }),
  );
  f.hot = ok / (HOT_MS / 1000);
  f.hotConflicts = conflicts;
  if ((await store.readStream(stream)) !== ok + 1) throw new Error('the hot stream does not hold every success');
}

async function reads(store: PeerStore, f: Figures, acked: () => number): Promise<void> {
  const stream = `read-${randomUUID()}`;
  await store.append(
    stream,
    Array.from({ length: 1_000 }, (_x, i) => event(i)),
    -1,
  );
  let t = performance.now();
  for (let i = 0; i < 20; i++) if ((await store.readStream(stream)) !== 1_000) throw new Error('short read');
  f.readStream = 20_000 / ((performance.now() - t) / 1000);
  t = performance.now();
  const all = await store.readAll();
  f.readAll = all.count / ((performance.now() - t) / 1000);
  if (!all.rising) throw new Error('readAll went back');
  if (all.duplicates) f.readAllNote = `readAll delivered ${all.duplicates} events twice`;
  if (all.count !== acked()) throw new Error(`readAll found ${all.count} events, ${acked()} were acknowledged`);
}

/** Runs every workload on a fresh store; each successful append is counted and the log is checked against it. */
export async function runWorkloads(inner: PeerStore, options: { hot: boolean }): Promise<Figures> {
  let acked = 0;
  const store: PeerStore = {
    ...inner,
    append: async (stream, events, expected) => {
      const version = await inner.append(stream, events, expected);
      acked += events.length;
      return version;
    },
  };
  const f: Figures = { durability: await inner.durability() };
  await singleAppends(store, 4, 40, {}, 'warm');
  await batchAppends(store, f);
  await singleAppends(store, 1, SINGLE, f, 'single1');
  await singleAppends(store, 32, CONCURRENT, f, 'single32');
  if (options.hot) await hotStream(store, f);
  await reads(store, f, () => acked);
  return f;
}
