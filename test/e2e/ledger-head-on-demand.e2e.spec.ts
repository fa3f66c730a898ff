/**
 * An auditor who just appended asks for the head: it must cover the append (signed on demand when the periodic head
 * is behind), and the inclusion proof of the appended event must check out against it with independent code. A burst
 * of readers costs one signature.
 */
import { leafHashOf, inclusionHolds, headSignatureHolds, type SignedHead } from '../support/independent-rfc6962.js';
import { startTestApp, type TestApp } from '../support/app.js';
import canonicalize from 'canonicalize';

const jcs = ((canonicalize as unknown as { default?: (v: unknown) => string }).default ??
  (canonicalize as unknown as (v: unknown) => string)) as (v: unknown) => string;

describe('GET /api/ledger/head after an append (SQLite)', () => {
  let app: TestApp;
  const auth = () => ({ Authorization: `Bearer ${app.adminToken}` });

  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(() => app.close());

  it('covers the event just appended, and its inclusion proof verifies against the signed root', async () => {
    const first = await app.http.post('/api/programmes').set(auth()).send({
      id: 'p1',
      name: 'Programma 1',
      owner: 'SZW',
      startDate: '2021-01-01',
      endDate: '2021-12-31',
    });
    expect(first.status).toBe(201);
    await app.http.get('/api/ledger/head').set(auth()).expect(200);
    const appended = await app.http.post('/api/partners').set(auth()).send({ id: 'uwv', name: 'UWV', kind: 'uwv' });
    expect(appended.status).toBe(201);
    const position = appended.body.globalPosition as number;

    const heads = await Promise.all(Array.from({ length: 8 }, () => app.http.get('/api/ledger/head').set(auth())));
    const head = heads[0].body as SignedHead;
    expect(head.treeSize).toBe(position);
    expect(headSignatureHolds(head)).toBe(true);
    for (const other of heads) expect(other.body).toEqual(head);
    const stored = await app.http.get(`/api/ledger/heads?from=${position}&to=${position}`).set(auth());
    expect(stored.body.heads).toEqual([head]);

    const proof = await app.http
      .get(`/api/ledger/proofs/inclusion?position=${position}&treeSize=${position}`)
      .set(auth());
    expect(proof.status).toBe(200);
    // the envelope as stored (personal values sealed): the bytes the Merkle leaf is over
    const events = await app.http.get(`/api/events?fromPosition=${position}&limit=1&personalData=sealed`).set(auth());
    const leaf = leafHashOf(Buffer.from(jcs(events.body.events[0]), 'utf8'));
    expect(proof.body.leafHash).toBe(leaf.toString('hex'));
    expect(
      inclusionHolds(
        position - 1,
        head.treeSize,
        leaf,
        proof.body.auditPath.map((h: string) => Buffer.from(h, 'hex')),
        Buffer.from(head.rootHash, 'hex'),
      ),
    ).toBe(true);
  });
});
