/**
 * The ledger's proofs over HTTP, checked the way an auditor would: by an independent RFC 6962 / RFC 9162 verifier
 * (test/support/independent-rfc6962.ts, node:crypto only, no code shared with the project's Merkle library), for every
 * tree size from 1 to 64 and random positions, anchored in a signed tree head. The verifier itself is first held to
 * the known-answer vectors of the Certificate Transparency reference implementation.
 */
import type { RecordedEvent } from '@akkoord/event-store';
import {
  consistencyHolds,
  headSignatureHolds,
  inclusionHolds,
  leafHashOf,
  treeHead,
  type SignedHead,
} from '../support/independent-rfc6962.js';
import { startTestApp, tokenFor, type TestApp } from '../support/app.js';
import { eventLeafHash } from '../support/event-leaf.js';
import { CT_CONSISTENCY, CT_INCLUSION, CT_LEAVES, CT_ROOTS } from '../support/ct-vectors.js';

const hex = (h: string) => Buffer.from(h, 'hex');

describe('the independent RFC 6962 verifier', () => {
  const leaves = CT_LEAVES.map((l) => leafHashOf(hex(l)));

  it('gives the CT reference roots for every size from 1 to 8, and SHA-256 of nothing for none', () => {
    expect(treeHead([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    CT_ROOTS.forEach((root, i) => expect(treeHead(leaves.slice(0, i + 1)).toString('hex')).toBe(root));
  });

  it('accepts the CT reference inclusion proofs and refuses them bent', () => {
    for (const { leaf, size, path } of CT_INCLUSION) {
      const root = hex(CT_ROOTS[size - 1]);
      expect(inclusionHolds(leaf, size, leaves[leaf], path.map(hex), root)).toBe(true);
      expect(inclusionHolds(leaf, size, leaves[(leaf + 1) % size], path.map(hex), root)).toBe(false);
      expect(inclusionHolds(leaf, size, leaves[leaf], path.slice(1).map(hex), root)).toBe(false);
      expect(inclusionHolds(size, size, leaves[leaf], path.map(hex), root)).toBe(false);
    }
  });

  it('accepts the CT reference consistency proofs and refuses them bent', () => {
    for (const { first, second, proof } of CT_CONSISTENCY) {
      const [a, b] = [hex(CT_ROOTS[first - 1]), hex(CT_ROOTS[second - 1])];
      expect(consistencyHolds(first, second, a, b, proof.map(hex))).toBe(true);
      expect(consistencyHolds(first, second, b, b, proof.map(hex))).toBe(false);
      expect(consistencyHolds(first, second, a, b, proof.slice(0, -1).map(hex))).toBe(false);
      expect(consistencyHolds(first, second, a, b, [])).toBe(false);
    }
  });
});

/** A small seeded PRNG (mulberry32), so a failure names positions that can be tried again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ledger proofs over HTTP', () => {
  let app: TestApp;
  let auditor: string;
  let partnerRep: string;
  let events: RecordedEvent[];
  let leafHashes: Buffer[];
  let head: SignedHead;
  const get = (path: string, token = auditor) => app.http.get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    auditor = await tokenFor(app, { userId: 'audit-1', organisationId: 'programme-office', roles: ['auditor'] });
    for (let i = 0; i < 64; i++) {
      const response = await app.http
        .post('/api/partners')
        .set('Authorization', `Bearer ${app.adminToken}`)
        .send({ id: `partner-${i}`, name: `Partner ${i} — “quoted” & ünïcode`, kind: 'municipality' });
      expect(response.status).toBe(201);
    }
    // a token names a registered organisation
    partnerRep = await tokenFor(app, { userId: 'rep', organisationId: 'partner-0', roles: ['partner_representative'] });
    const signed = await app.http.post('/api/ledger/heads').set('Authorization', `Bearer ${app.adminToken}`);
    expect(signed.status).toBe(201);
    head = signed.body as SignedHead;
    events = await app.store.readAll({ limit: 10_000 });
    // leaves computed independently: SHA-256(0x00 || JCS of the whole envelope), JCS by the `canonicalize` package
    leafHashes = events.map(eventLeafHash);
  });
  afterAll(() => app?.close());

  it('signs a head over the whole ledger that checks out with Ed25519 and recomputes from the events', async () => {
    expect(head.treeSize).toBe(events.length);
    expect(head.treeSize).toBeGreaterThanOrEqual(64);
    expect(headSignatureHolds(head)).toBe(true);
    expect(headSignatureHolds({ ...head, treeSize: head.treeSize - 1 })).toBe(false);
    expect(treeHead(leafHashes).toString('hex')).toBe(head.rootHash);
    const latest = await get('/api/ledger/head');
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual(head);
  });

  it('proves every tree of size 1 to 64 consistent with the signed head, and random events included in each', async () => {
    const seed = Number(process.env.LEDGER_PROOF_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    const signedRoot = hex(head.rootHash);
    for (let n = 1; n <= 64; n++) {
      const consistency = await get(`/api/ledger/proofs/consistency?from=${n}&to=${head.treeSize}`);
      expect(consistency.status).toBe(200);
      const c = consistency.body as {
        from: number;
        to: number;
        fromRootHash: string;
        toRootHash: string;
        proof: string[];
      };
      expect({ from: c.from, to: c.to, toRootHash: c.toRootHash }).toEqual({
        from: n,
        to: head.treeSize,
        toRootHash: head.rootHash,
      });
      const root = hex(c.fromRootHash);
      expect(consistencyHolds(n, head.treeSize, root, signedRoot, c.proof.map(hex))).toBe(true);
      expect(root.equals(treeHead(leafHashes.slice(0, n)))).toBe(true);

      const positions = new Set([
        1,
        n,
        1 + Math.floor(next() * n),
        1 + Math.floor(next() * n),
        1 + Math.floor(next() * n),
      ]);
      for (const position of positions) {
        const inclusion = await get(`/api/ledger/proofs/inclusion?position=${position}&treeSize=${n}`);
        expect(inclusion.status).toBe(200);
        const p = inclusion.body as { leafIndex: number; leafHash: string; rootHash: string; auditPath: string[] };
        const context = `seed ${seed}, tree size ${n}, position ${position}`;
        expect({ context, leafIndex: p.leafIndex, rootHash: p.rootHash }).toEqual({
          context,
          leafIndex: position - 1,
          rootHash: c.fromRootHash,
        });
        expect(p.leafHash).toBe(leafHashes[position - 1].toString('hex'));
        expect({
          context,
          holds: inclusionHolds(position - 1, n, leafHashes[position - 1], p.auditPath.map(hex), root),
        }).toEqual({ context, holds: true });
        if (n > 1) {
          const other = leafHashes[position % n];
          expect(inclusionHolds(position - 1, n, other, p.auditPath.map(hex), root)).toBe(false);
        }
      }
    }
  });

  it('proves random pairs of sizes consistent with each other', async () => {
    const next = random(42);
    for (let i = 0; i < 40; i++) {
      const to = 1 + Math.floor(next() * head.treeSize);
      const from = 1 + Math.floor(next() * to);
      const response = await get(`/api/ledger/proofs/consistency?from=${from}&to=${to}`);
      expect(response.status).toBe(200);
      const c = response.body as { fromRootHash: string; toRootHash: string; proof: string[] };
      expect(c.fromRootHash).toBe(treeHead(leafHashes.slice(0, from)).toString('hex'));
      expect(c.toRootHash).toBe(treeHead(leafHashes.slice(0, to)).toString('hex'));
      expect(consistencyHolds(from, to, hex(c.fromRootHash), hex(c.toRootHash), c.proof.map(hex))).toBe(true);
    }
  });

  it('lists signed heads by tree size', async () => {
    const response = await get(`/api/ledger/heads?from=1&to=${head.treeSize}`);
    expect(response.status).toBe(200);
    const heads = (response.body as { heads: SignedHead[] }).heads;
    expect(heads.at(-1)).toEqual(head);
    expect(heads.every(headSignatureHolds)).toBe(true);
    expect((await get(`/api/ledger/heads?from=${head.treeSize + 1}`)).body).toEqual({ heads: [] });
  });

  it('answers 400 in the validation shape for bad parameters, never 500', async () => {
    const bad = [
      '/api/ledger/proofs/inclusion',
      '/api/ledger/proofs/inclusion?position=0',
      '/api/ledger/proofs/inclusion?position=abc',
      '/api/ledger/proofs/inclusion?position=1.5',
      '/api/ledger/proofs/inclusion?position=1e3',
      '/api/ledger/proofs/inclusion?position=-1',
      '/api/ledger/proofs/inclusion?position=1&position=2',
      `/api/ledger/proofs/inclusion?position=${head.treeSize + 1000}`,
      '/api/ledger/proofs/inclusion?position=5&treeSize=4',
      `/api/ledger/proofs/inclusion?position=1&treeSize=${head.treeSize + 1000}`,
      '/api/ledger/proofs/inclusion?position=99999999999999999999',
      '/api/ledger/proofs/consistency',
      '/api/ledger/proofs/consistency?from=0',
      '/api/ledger/proofs/consistency?from=5&to=4',
      `/api/ledger/proofs/consistency?from=1&to=${head.treeSize + 1000}`,
      '/api/ledger/heads?from=x',
      '/api/ledger/heads?from=5&to=4',
      '/api/ledger/heads?limit=0',
      '/api/ledger/heads?limit=100000',
    ];
    for (const path of bad) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body).toMatchObject({
        error: 'validation',
        details: [expect.objectContaining({ field: expect.any(String) })],
      });
    }
  });

  it('is for auditors and the programme office; only the programme office signs on demand', async () => {
    expect((await get('/api/ledger/head', app.adminToken)).status).toBe(200);
    expect((await get('/api/ledger/head', partnerRep)).status).toBe(403);
    expect((await get('/api/ledger/proofs/inclusion?position=1', partnerRep)).status).toBe(403);
    expect((await app.http.get('/api/ledger/head')).status).toBe(401);
    const bySigner = await app.http.post('/api/ledger/heads').set('Authorization', `Bearer ${auditor}`);
    expect(bySigner.status).toBe(403);
    expect(bySigner.body).toMatchObject({ error: 'forbidden' });
  });
});
