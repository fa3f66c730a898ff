import { MerkleTree, inclusionProof, rootHash, verifyConsistency, verifyInclusion, type Hash } from '@akkoord/merkle';
import { ProjectionRunner } from '@akkoord/projections';
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE_KINDS } from '../../../test/support/stores.js';
import {
  canonicalBytes,
  canonicalJson,
  eventLeafHash,
  headMessage,
  headPolicyFromEnv,
  headSignatureProblem,
  Notary,
  notaryProjection,
  openSigningKey,
  readPublicKeyFile,
  signingKeyFile,
  withStoredNodes,
} from '../src/index.js';
import { notarisedLedger, type NotarisedLedger } from './notary-fixture.js';

describe('the canonical bytes of an event', () => {
  it('are the JCS of the whole envelope: keys sorted, numbers as ECMAScript prints them, no whitespace', () => {
    const json = canonicalJson({
      globalPosition: 7,
      streamId: 'activity-a1',
      streamVersion: 2,
      eventId: 'e-7',
      type: 'PartnerCommitted',
      data: { unit: 'fte', amount: 2.5, big: 1e21, tiny: 1e-7, text: 'é€\u2028"\n' },
      metadata: {
        recordedAt: '2021-03-01T10:00:00.000Z',
        actor: { userId: 'u', organisationId: 'o', roles: ['partner_representative'] },
        commandId: 'c',
      },
    });
    expect(json).toBe(
      '{"data":{"amount":2.5,"big":1e+21,"text":"é€\u2028\\"\\n","tiny":1e-7,"unit":"fte"},"eventId":"e-7",' +
        '"globalPosition":7,"metadata":{"actor":{"organisationId":"o","roles":["partner_representative"],' +
        '"userId":"u"},"commandId":"c","recordedAt":"2021-03-01T10:00:00.000Z"},"streamId":"activity-a1",' +
        '"streamVersion":2,"type":"PartnerCommitted"}',
    );
  });

  it('hash to SHA-256(0x00 || UTF-8 of the canonical JSON)', () => {
    const event = {
      globalPosition: 3,
      streamId: 'partner-é',
      streamVersion: 0,
      eventId: 'e',
      type: 'T',
      data: { name: 'Zoë “quoted” 𝄞' },
      metadata: { recordedAt: '2021-01-01T00:00:00.000Z' },
    } as never;
    const expected = createHash('sha256').update(Buffer.of(0)).update(canonicalBytes(event)).digest();
    expect(eventLeafHash(event).equals(expected)).toBe(true);
    expect(canonicalBytes(event).toString('utf8')).toBe(canonicalJson(event));
  });

  it('ignore anything an adapter hangs on the envelope beyond its seven fields', () => {
    const event = {
      globalPosition: 1,
      streamId: 's',
      streamVersion: 0,
      eventId: 'e',
      type: 'T',
      data: {},
      metadata: {},
    };
    const extra = { ...event, extra: 'x' } as typeof event;
    expect(canonicalJson(extra as never)).toBe(canonicalJson(event as never));
  });
});

describe('the signing key file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'akkoord-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on first start with mode 0600 and a clear log line, then read back unchanged', () => {
    const file = join(dir, 'data', 'signing-key.pem');
    const lines: string[] = [];
    const key = openSigningKey(file, (_level, message) => lines.push(message));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Generated a new Ed25519 ledger signing key in ${file}`);
    expect(lines[0]).toContain(key.publicKeyBase64);
    const again = openSigningKey(file, (_level, message) => lines.push(message));
    expect(again.publicKeyBase64).toBe(key.publicKeyBase64);
    expect(lines).toHaveLength(1);
    expect(readPublicKeyFile(file)).toBe(key.publicKeyBase64);
  });

  it('lives beside a SQLite ledger, in ./data for a server, or where AKKOORD_SIGNING_KEY says', () => {
    expect(signingKeyFile('sqlite:/srv/akkoord/ledger.db', {})).toBe('/srv/akkoord/signing-key.pem');
    expect(signingKeyFile('postgres://db/akkoord', {})).toBe(join(process.cwd(), 'data', 'signing-key.pem'));
    expect(signingKeyFile('sqlite:/srv/ledger.db', { AKKOORD_SIGNING_KEY: '/keys/k.pem' })).toBe('/keys/k.pem');
  });

  it('reads the head policy from the environment and refuses nonsense', () => {
    expect(headPolicyFromEnv({})).toEqual({ everyEvents: 1000, everySeconds: 60 });
    expect(headPolicyFromEnv({ AKKOORD_HEAD_EVERY_EVENTS: '50', AKKOORD_HEAD_EVERY_SECONDS: '5' })).toEqual({
      everyEvents: 50,
      everySeconds: 5,
    });
    expect(() => headPolicyFromEnv({ AKKOORD_HEAD_EVERY_EVENTS: '0' })).toThrow(/AKKOORD_HEAD_EVERY_EVENTS/);
    expect(() => headPolicyFromEnv({ AKKOORD_HEAD_EVERY_SECONDS: '1.5' })).toThrow(/whole number/);
  });
});

describe.each(STORE_KINDS)('the notary on %s', (kind) => {
  let ledger: NotarisedLedger;
  const leaves = async () => (await ledger.world.store.readAll({ limit: 10_000 })).map((e) => eventLeafHash(e));
  const storedNodes = async () =>
    (
      await ledger.readStore.all<{ level: number; idx: number; hash: string }>(
        'SELECT level, idx, hash FROM notary_nodes ORDER BY level, idx',
      )
    ).map((r) => `${r.level}:${Number(r.idx)}:${r.hash}`);

  beforeAll(async () => {
    ledger = await notarisedLedger(kind, { policy: { everyEvents: 5, everySeconds: 30 } });
  });
  afterAll(() => ledger.close());

  it('folds every event into the same tree MerkleTree builds over the canonical bytes', async () => {
    const hashes = await leaves();
    expect(hashes.length).toBeGreaterThanOrEqual(12);
    const tree = new MerkleTree();
    hashes.forEach((h) => tree.append(h));
    const expected = tree.levels.flatMap((level, l) => level.map((h, i) => `${l}:${i}:${h.toString('hex')}`));
    expect((await storedNodes()).sort()).toEqual(expected.sort());
    expect(await ledger.notary.treeSize()).toBe(hashes.length);
  });

  it('keeps following the log, batch after batch, across a fresh projection instance', async () => {
    for (let i = 0; i < 9; i++) {
      await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: `p-${i}`, name: `P ${i}`, kind: 'other' } });
      if (i % 4 === 0) await ledger.runner.catchUp();
    }
    // A second process (a new runner, a new projection instance) carries on from the stored frontier.
    const other = new ProjectionRunner(ledger.world.store, ledger.readStore, [notaryProjection]);
    await other.prepare();
    await other.catchUp();
    await ledger.runner.catchUp();
    const tree = new MerkleTree();
    (await leaves()).forEach((h) => tree.append(h));
    const root = await withStoredNodes(ledger.readStore, (read) => rootHash(read, tree.size));
    expect(root.toString('hex')).toBe((await tree.root()).toString('hex'));
    expect((await storedNodes()).length).toBe(tree.levels.flat().length);
  });

  it('rebuilds to identical nodes and keeps its signed heads', async () => {
    const head = await ledger.notary.signHead();
    const before = await storedNodes();
    await ledger.runner.rebuild(['notary']);
    expect(await storedNodes()).toEqual(before);
    expect(await ledger.notary.latestHead()).toEqual(head);
  });

  it('signs heads with Ed25519 over the JCS of {treeSize, rootHash, signedAt}, checkable with node:crypto alone', async () => {
    ledger.clock.now = new Date('2021-02-01T08:00:00Z');
    await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: 'late', name: 'Late', kind: 'other' } });
    await ledger.runner.catchUp();
    const head = await ledger.notary.signHead();
    expect(head.treeSize).toBe(await ledger.notary.treeSize());
    expect(head.signedAt).toBe('2021-02-01T08:00:00.000Z');
    expect(head.publicKey).toBe(ledger.key.publicKeyBase64);
    const message = `{"rootHash":"${head.rootHash}","signedAt":"${head.signedAt}","treeSize":${head.treeSize}}`;
    expect(headMessage(head).toString()).toBe(message);
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(head.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    });
    expect(verifySignature(null, Buffer.from(message), key, Buffer.from(head.signature, 'base64'))).toBe(true);
    expect(headSignatureProblem(head, ledger.key.publicKeyBase64)).toBeUndefined();
    expect(headSignatureProblem({ ...head, treeSize: head.treeSize - 1 })).toBe('its signature does not match');
    // Nothing new: signing again answers the same head.
    expect(await ledger.notary.signHead()).toEqual(head);
  });

  it('answers inclusion and consistency proofs that check out for every size', async () => {
    const hashes = await leaves();
    const tree = new MerkleTree();
    for (let n = 1; n <= hashes.length; n++) {
      tree.append(hashes[n - 1]);
      const root = await tree.root();
      for (const position of new Set([1, Math.ceil(n / 2), n])) {
        const proof = await ledger.notary.inclusionProof(position, n);
        expect(proof).toMatchObject({ position, leafIndex: position - 1, treeSize: n, rootHash: root.toString('hex') });
        expect(proof.leafHash).toBe(hashes[position - 1].toString('hex'));
        const path = proof.auditPath.map((h) => Buffer.from(h, 'hex'));
        expect(path).toEqual(await inclusionProof(tree.read, position - 1, n));
        expect(verifyInclusion(hashes[position - 1], position - 1, n, path, root)).toBe(true);
      }
      for (const m of new Set([1, Math.ceil(n / 2), n])) {
        const proof = await ledger.notary.consistencyProof(m, n);
        const path: Hash[] = proof.proof.map((h) => Buffer.from(h, 'hex'));
        expect(verifyConsistency(m, n, Buffer.from(proof.fromRootHash, 'hex'), root, path)).toBe(true);
        expect(proof.fromRootHash).toBe((await tree.root(m)).toString('hex'));
      }
    }
    // Without a size, proofs are against the latest signed head.
    const latest = (await ledger.notary.latestHead())!;
    expect((await ledger.notary.inclusionProof(1)).treeSize).toBe(latest.treeSize);
    expect((await ledger.notary.consistencyProof(1)).toRootHash).toBe(latest.rootHash);
  });

  it('refuses proofs for positions and sizes the tree does not have', async () => {
    const size = await ledger.notary.treeSize();
    await expect(ledger.notary.inclusionProof(size + 1)).rejects.toMatchObject({ field: 'position' });
    await expect(ledger.notary.inclusionProof(3, 2)).rejects.toMatchObject({ field: 'treeSize' });
    await expect(ledger.notary.inclusionProof(1, size + 1)).rejects.toMatchObject({ field: 'treeSize' });
    await expect(ledger.notary.consistencyProof(5, 4)).rejects.toMatchObject({ field: 'to' });
    await expect(ledger.notary.consistencyProof(size + 1)).rejects.toMatchObject({ field: 'from' });
  });

  it('signs a head every N events, or after T seconds when the tree grew, and at shutdown', async () => {
    const signed = () => ledger.notary.latestHead().then((h) => h?.treeSize);
    await ledger.notary.applyPolicy(); // the policy starts counting here
    const start = (await signed())!;
    for (let i = 0; i < 4; i++) {
      await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: `q-${i}`, name: `Q ${i}`, kind: 'other' } });
    }
    await ledger.runner.catchUp();
    await ledger.notary.applyPolicy();
    expect(await signed()).toBe(start); // 4 < 5 events, 0 s
    await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: 'q-4', name: 'Q 4', kind: 'other' } });
    await ledger.runner.catchUp();
    await ledger.notary.applyPolicy();
    expect(await signed()).toBe(start + 5);
    await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: 'q-5', name: 'Q 5', kind: 'other' } });
    await ledger.runner.catchUp();
    ledger.clock.now = new Date(ledger.clock.now.getTime() + 29_000);
    await ledger.notary.applyPolicy();
    expect(await signed()).toBe(start + 5);
    ledger.clock.now = new Date(ledger.clock.now.getTime() + 2_000);
    await ledger.notary.applyPolicy();
    expect(await signed()).toBe(start + 6);
    await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: 'q-6', name: 'Q 6', kind: 'other' } });
    await ledger.runner.catchUp();
    await ledger.notary.stop();
    expect(await signed()).toBe(start + 7);
    const heads = await ledger.notary.heads(start, start + 7, 100);
    expect(heads.map((h) => h.treeSize)).toEqual([start, start + 5, start + 6, start + 7]);
  });
});

// Keep the key file helper honest about what it wrote.
describe('a generated key file', () => {
  it('holds a PKCS#8 Ed25519 private key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'akkoord-key-'));
    try {
      const file = join(dir, 'k.pem');
      openSigningKey(file);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(STORE_KINDS)('the notary folding the log itself on %s', (kind) => {
  let ledger: NotarisedLedger;
  beforeAll(async () => {
    ledger = await notarisedLedger(kind);
  });
  afterAll(() => ledger.close());

  it('carries on from the tree the projection built, writes the same nodes, and signs a last head at shutdown', async () => {
    const notary = new Notary({
      readStore: ledger.readStore,
      store: ledger.world.store,
      key: ledger.key,
      follow: { storeUrl: ledger.world.ledger.url, batchSize: 3 },
    });
    notary.start();
    for (let i = 0; i < 11; i++) {
      await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: `f-${i}`, name: `F ${i}`, kind: 'other' } });
    }
    await notary.fresh();
    const events = await ledger.world.store.readAll({ limit: 1000 });
    expect(await notary.treeSize()).toBe(events.length);
    const tree = new MerkleTree();
    events.forEach((e) => tree.append(eventLeafHash(e)));
    const stored = await ledger.readStore.all<{ level: number; idx: number; hash: string }>(
      'SELECT level, idx, hash FROM notary_nodes ORDER BY level, idx',
    );
    expect(stored.map((r) => `${r.level}:${Number(r.idx)}:${r.hash}`)).toEqual(
      tree.levels.flatMap((level, l) => level.map((h, i) => `${l}:${i}:${h.toString('hex')}`)),
    );
    // The runner's checkpoint moved with it: a runner with the projection has nothing left to do.
    const status = await ledger.runner.status();
    expect(status).toEqual([expect.objectContaining({ name: 'notary', position: events.length, lag: 0 })]);
    await ledger.world.run({ type: 'RegisterPartner', data: { partnerId: 'f-last', name: 'Last', kind: 'other' } });
    await notary.stop();
    const [last] = await ledger.world.store.readAll({ fromPosition: events.length + 1, limit: 1 });
    tree.append(eventLeafHash(last));
    expect(await notary.latestHead()).toMatchObject({
      treeSize: events.length + 1,
      rootHash: (await tree.root()).toString('hex'),
    });
  });
});
