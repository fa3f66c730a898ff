import type { ConsistencyProof, InclusionProof } from '@akkoord/contracts';
import type { EventStore } from '@akkoord/event-store';
import { consistencyProof, inclusionProof, rootHash } from '@akkoord/merkle';
import { FencedOut, checkFence, type Fence, type ReadStore, type Sql } from '@akkoord/projections';
import { EventEmitter } from 'node:events';
import { startFollowing } from './notary-follow-thread.js';
import {
  createNotaryTables,
  headsBetween,
  insertHead,
  latestHead,
  notarisedSize,
  withStoredNodes,
} from './notary-tables.js';
import type { SigningKey, TreeHead } from './signing.js';

export type { ConsistencyProof, InclusionProof };

export interface HeadPolicy {
  /** Sign when the tree has grown by this many events since the last head (default 1000). */
  everyEvents: number;
  /** Sign when this many seconds have passed since the last head and the tree has grown (default 60). */
  everySeconds: number;
}

export interface NotaryOptions {
  readStore: ReadStore;
  key: SigningKey;
  policy?: Partial<HeadPolicy>;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** The ledger: how far `fresh()` waits (its head position). */
  store?: Pick<EventStore, 'headPosition'>;
  /**
   * Fold the log into the tree while started (the app). Without it, a runner with `notaryProjection` keeps the tree.
   * By default the fold runs in a worker thread when the compiled JavaScript is there, in this thread otherwise.
   */
  follow?: { storeUrl: string; readStoreUrl?: string; thread?: boolean; batchSize?: number; intervalMs?: number };
  /**
   * Several processes on PostgreSQL: the fold and the head policy run only while this process leads the notary job
   * (`lead(fence)` … `stopLeading()`, called by a LeaderElector), not from `start()`; every head the policy signs and
   * every write of the fold checks the fence in its transaction. A refused write is reported to `onFenced`.
   */
  elected?: { onFenced: (error: FencedOut) => void };
}

/** A proof asked for positions or sizes the tree does not have: the field and a sentence (HTTP 400). */
export class ProofRequestInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** How often the head policy looks at the tree. */
const TICK_MS = 1000;

/** Reads the head policy from the environment; throws a sentence on a bad value. */
export function headPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): HeadPolicy {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name}=${JSON.stringify(raw)} must be a whole number ≥ 1.`);
    return value;
  };
  return {
    everyEvents: read('AKKOORD_HEAD_EVERY_EVENTS', 1000),
    everySeconds: read('AKKOORD_HEAD_EVERY_SECONDS', 60),
  };
}

/**
 * The ledger's notary: signs tree heads over the tree the notary projection keeps (every N events, every T seconds
 * when the tree grew, on demand, and at shutdown) and answers heads and RFC 6962 proofs from the stored nodes.
 */
export class Notary {
  readonly policy: HeadPolicy;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private signing: Promise<unknown> = Promise.resolve();
  private lastSigned: { size: number; at: number } | undefined;
  private ready: Promise<void> | undefined;
  private stopped = false;
  private follower: { stop(): Promise<void> } | undefined;
  /** The position the follower has folded up to (-1: not known yet). */
  private followed = -1;
  private readonly progress = new EventEmitter().setMaxListeners(0);
  /** The newest head this process has seen or signed, and a signing on demand under way (see currentHead). */
  private current: TreeHead | undefined;
  private onDemand: { size: number; head: Promise<TreeHead> } | undefined;

  constructor(private readonly options: NotaryOptions) {
    this.policy = { everyEvents: 1000, everySeconds: 60, ...options.policy };
    this.clock = options.clock ?? (() => new Date());
    this.elected = options.elected;
  }

  get publicKey(): string {
    return this.options.key.publicKeyBase64;
  }

  /** The lease this process leads the notary under, while it does. */
  private fence: Fence | undefined;

  /**
   * From now on the fold and the head policy run only under `lead(fence)` (a LeaderElector decides), or never on a
   * process that does not stand for election (an API node); refused writes go to `onFenced`.
   */
  electedOnly(onFenced: (error: FencedOut) => void = () => undefined): void {
    this.elected = { onFenced };
  }

  private elected: NotaryOptions['elected'];

  /** Starts the head policy, and the fold when `follow` is set (idempotent); elected notaries start in `lead`. */
  start(): void {
    if (this.elected) return;
    this.startWork();
  }

  /** Becomes the notary of this ledger under `fence`: folds the log and signs heads, each write fenced. */
  lead(fence: Fence): void {
    if (this.stopped) return;
    this.fence = fence;
    this.lastSigned = undefined;
    this.startWork();
  }

  /** Stops folding and signing (the lease was lost); heads and proofs are still answered from the stored tree. */
  async stopLeading(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.signing;
    const follower = this.follower;
    this.follower = undefined;
    this.followed = -1;
    await follower?.stop();
  }

  private startWork(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.applyPolicy(), TICK_MS);
    this.timer.unref();
    if (this.options.follow) this.follower = this.startFollower(this.options.follow);
  }

  /** Waits for the tree to catch up with the log, signs a last head when the tree grew, and stops. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const working = this.timer !== undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    // a notary that does not lead signs nothing at shutdown
    if (!working && this.elected) return;
    try {
      await this.signing;
      await this.fresh();
      const size = await this.treeSize();
      if (size > ((await this.latestHead())?.treeSize ?? -1)) await this.signHead();
    } catch (error) {
      this.options.log?.('error', 'could not sign a tree head at shutdown', { error: (error as Error).message });
    } finally {
      await this.follower?.stop();
      this.follower = undefined;
    }
  }

  /**
   * Resolves once the tree holds `minPosition` (default: the ledger's head now), or after `timeoutMs` — so a head or
   * a proof asked for after a command's answer covers that command.
   */
  async fresh(minPosition?: number, timeoutMs = 5000): Promise<void> {
    const target = minPosition ?? (await this.options.store?.headPosition()) ?? 0;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const size = this.follower && this.followed >= 0 ? this.followed : await this.treeSize();
      if (size >= target) return;
      const wait = Math.min(50, deadline - Date.now());
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.progress.off('advanced', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.progress.on('advanced', done);
      });
    }
  }

  /**
   * Resolves once the tree holds the log's head and, where this notary does the policy's work, the policy has had its
   * turn (a head it owes is signed now rather than at the next tick): start-up waits for this before it announces
   * itself, so the announcement is the last thing it logs.
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    await this.fresh(undefined, timeoutMs);
    if (this.timer !== undefined) await this.applyPolicy();
  }

  /** Nest lifecycle: the policy runs while the app does. */
  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** How many events the notary has folded into the tree. */
  async treeSize(): Promise<number> {
    return this.read((sql) => notarisedSize(sql));
  }

  latestHead(): Promise<TreeHead | undefined> {
    return this.read((sql) => latestHead(sql));
  }

  heads(from: number, to: number, limit: number): Promise<TreeHead[]> {
    return this.read((sql) => headsBetween(sql, from, to, limit));
  }

  /**
   * A signed head that covers the whole tree as the notary holds it now: the latest head when it does, else one signed
   * on demand. Cached per tree size, so a burst of readers after an append costs one signature.
   */
  async currentHead(): Promise<TreeHead> {
    const size = await this.treeSize();
    if (this.current && this.current.treeSize >= size) return this.current;
    if (this.onDemand?.size === size) return this.onDemand.head;
    const head = (async () => {
      const latest = await this.latestHead();
      return latest && latest.treeSize >= size ? latest : this.signHead();
    })();
    this.onDemand = { size, head };
    try {
      const signed = await head;
      if (!this.current || signed.treeSize > this.current.treeSize) this.current = signed;
      return signed;
    } finally {
      if (this.onDemand?.head === head) this.onDemand = undefined;
    }
  }

  /**
   * Signs and stores a head over the tree as the notary holds it now; answers the latest head instead when that
   * already covers the whole tree. Signings run one at a time.
   */
  signHead(): Promise<TreeHead> {
    const next = this.signing.then(() => this.signNow());
    this.signing = next.catch(() => undefined);
    return next;
  }

  async inclusionProof(position: number, treeSize?: number): Promise<InclusionProof> {
    return this.read(async (sql) => {
      const size = await notarisedSize(sql);
      if (position > size) {
        throw new ProofRequestInvalid('position', `position must be at most ${size}: the notarised ledger's size`);
      }
      const head = await latestHead(sql);
      const n = treeSize ?? (head && head.treeSize >= position ? head.treeSize : size);
      if (n < position) throw new ProofRequestInvalid('treeSize', `treeSize must be at least position (${position})`);
      if (n > size) throw new ProofRequestInvalid('treeSize', `treeSize must be at most ${size}: the notarised size`);
      const leafIndex = position - 1;
      return withStoredNodes(sql, async (read) => ({
        position,
        leafIndex,
        treeSize: n,
        leafHash: (await read(0, leafIndex)).toString('hex'),
        rootHash: (await rootHash(read, n)).toString('hex'),
        auditPath: (await inclusionProof(read, leafIndex, n)).map((h) => h.toString('hex')),
      }));
    });
  }

  async consistencyProof(from: number, to?: number): Promise<ConsistencyProof> {
    return this.read(async (sql) => {
      const size = await notarisedSize(sql);
      if (from > size) throw new ProofRequestInvalid('from', `from must be at most ${size}: the notarised size`);
      const head = await latestHead(sql);
      const n = to ?? (head && head.treeSize >= from ? head.treeSize : size);
      if (n < from) throw new ProofRequestInvalid('to', `to must be at least from (${from})`);
      if (n > size) throw new ProofRequestInvalid('to', `to must be at most ${size}: the notarised size`);
      return withStoredNodes(sql, async (read) => ({
        from,
        to: n,
        fromRootHash: (await rootHash(read, from)).toString('hex'),
        toRootHash: (await rootHash(read, n)).toString('hex'),
        proof: (await consistencyProof(read, from, n)).map((h) => h.toString('hex')),
      }));
    });
  }

  private async signNow(): Promise<TreeHead> {
    // the policy's heads (and the last one at shutdown) are the leader's: fenced. A head signed on demand on a node
    // that does not lead (GET /api/ledger/head) covers the committed tree read in the same transaction.
    const fence = this.timer !== undefined || this.stopped ? this.fence : undefined;
    return this.options.readStore.transaction(async (sql) => {
      if (fence) await checkFence(sql, fence, 'head');
      await this.prepare(sql);
      const size = await notarisedSize(sql);
      const latest = await latestHead(sql);
      if (latest && latest.treeSize >= size) {
        this.lastSigned ??= { size: latest.treeSize, at: this.clock().getTime() };
        return latest;
      }
      const root = await withStoredNodes(sql, (read) => rootHash(read, size));
      const head = this.options.key.sign({
        treeSize: size,
        rootHash: root.toString('hex'),
        signedAt: this.clock().toISOString(),
      });
      await insertHead(sql, head);
      this.lastSigned = { size, at: this.clock().getTime() };
      this.options.log?.('info', 'signed a tree head', { treeSize: size, rootHash: head.rootHash });
      return head;
    });
  }

  private startFollower(follow: NonNullable<NotaryOptions['follow']>): { stop(): Promise<void> } {
    return startFollowing(follow, {
      onProgress: (position) => {
        this.followed = position;
        this.progress.emit('advanced');
      },
      log: this.options.log,
      fence: this.fence,
      onFenced: this.elected?.onFenced,
    });
  }

  /**
   * The policy, run every second while started: sign when the tree grew by N events since the last head, or grew at
   * all and T seconds passed.
   */
  async applyPolicy(): Promise<void> {
    try {
      const size = await this.treeSize();
      if (!this.lastSigned) {
        const latest = await this.latestHead();
        // Time is counted from this process's start (a head signed before it says nothing about this process).
        this.lastSigned = { size: latest?.treeSize ?? 0, at: this.clock().getTime() };
      }
      const grown = size - this.lastSigned.size;
      const elapsed = (this.clock().getTime() - this.lastSigned.at) / 1000;
      if (grown >= this.policy.everyEvents || (grown > 0 && elapsed >= this.policy.everySeconds)) {
        await this.signHead();
      }
    } catch (error) {
      this.options.log?.('warn', 'tree head policy failed; trying again', { error: (error as Error).message });
    }
  }

  /** Reads on the read store's query connection, after making sure the tables exist. */
  private async read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    await (this.ready ??= createNotaryTables(this.options.readStore).catch((error) => {
      this.ready = undefined;
      throw error;
    }));
    return work(this.options.readStore);
  }

  private async prepare(sql: Sql): Promise<void> {
    if (!this.ready) await createNotaryTables(sql);
  }
}
