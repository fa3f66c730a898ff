import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { RecordedEvent } from '@akkoord/event-store';
import { akkoord } from '../../apps/cli/test/cli-harness.js';
import { eventLeafHash } from '../support/event-leaf.js';
import { inclusionHolds } from '../support/independent-rfc6962.js';
import { TEST_PG_URL, postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../support/app.js';
import { ENSCHEDE, UWV_TWENTE, WSP, seedTwente } from '../../test/support/seed-over-http.js';

/** The person: their user id, and the signatory name and function they record. Nothing else in the ledger has these. */
const USER = 'pietje-privacy-x7q';
const NAME = 'Gerritje Zwanenburg-Qx7';
const FUNCTION = 'Wethouder Qx7-functie';
const PLAINTEXTS = [USER, NAME, FUNCTION];
const ERASED = '[verwijderd]';
const TERMS = 'De partijen werken samen aan het Werkgeversservicepunt.';

interface Proof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  auditPath: string[];
}

/**
 * Crypto-shredding (issue 16, part 2) over real HTTP, the real CLI binary and the real database files: a person acts
 * and signs, their personal values are sealed at rest, forgetting them destroys their key, and then nothing of theirs
 * is readable anywhere while the chain, the proofs and `verify` still hold.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('forgetting a person on %s', (kind) => {
  let t: TestApp;
  let person = '';
  let auditor = '';
  let signedAt = 0;
  let proof: Proof;
  let keyId = '';
  let key: Buffer | undefined;

  const get = (path: string, token = auditor) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token?: string) => postCommand(t, path, body, token);

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedTwente(post, [ENSCHEDE, UWV_TWENTE]);
    auditor = await tokenFor(t, { userId: 'auditor', organisationId: 'programme-office', roles: ['auditor'] });
    person = await tokenFor(t, { userId: USER, organisationId: 'uwv-twente', roles: ['partner_representative'] });
    await post('/api/activities', WSP);
    await post(
      '/api/activities/wsp/commitments',
      { commitmentId: 'c1', partnerId: 'uwv-twente', kind: 'fte', amount: 2, unit: 'fte' },
      person,
    );
    await post('/api/agreements', {
      id: 'agr-p',
      regionId: 'twente',
      kind: 'covenant',
      title: 'Convenant Werkgeversservicepunt',
      terms: TERMS,
      parties: ['uwv-twente'],
      activityIds: ['wsp'],
      validFrom: '2020-01-01',
    });
    const termsHash = (await get('/api/agreements/agr-p')).body as { versions: { termsHash: string }[] };
    const last = (
      await post(
        '/api/agreements/agr-p/signatures',
        {
          partnerId: 'uwv-twente',
          signatory: { name: NAME, function: FUNCTION },
          termsHash: termsHash.versions[0].termsHash,
        },
        person,
      )
    ).globalPosition;
    // the signature appends AgreementSigned and, the last party having signed, AgreementInForce
    const signed = (await t.store.readStream('agreement-agr-p')).find((e) => e.type === 'AgreementSigned')!;
    expect(signed.globalPosition).toBeLessThanOrEqual(last);
    signedAt = signed.globalPosition;
  }, 120_000);

  afterAll(() => t?.close());

  it('stores the person’s values sealed and opens them in answers', async () => {
    const stored = (await t.store.readAll({ limit: 1000 })).find((e) => e.globalPosition === signedAt)!;
    expect(stored.type).toBe('AgreementSigned');
    const sealed = [stored.metadata.actor.userId, (stored.data.signatory as { name: string }).name];
    for (const value of sealed) expect(value).toMatch(/^pd1:[\w-]+:[\w-]+:[\w-]+$/);
    keyId = /^pd1:([^:]+):/.exec(sealed[0])![1];
    expect(JSON.stringify(stored)).not.toContain(NAME);

    const agreement = (await get('/api/agreements/agr-p')).body as { signatures: unknown[] };
    expect(JSON.stringify(agreement.signatures)).toContain(NAME);
    const audit = await get(`/api/audit?userId=${USER}&order=asc`);
    expect(audit.status).toBe(200);
    const entries = (audit.body as { entries: { position: number; actor: { userId: string }; summary: string }[] })
      .entries;
    // the commitment, AgreementSigned and AgreementInForce (the last signature puts it in force)
    expect(entries.map((e) => e.actor.userId)).toEqual([USER, USER, USER]);
    expect(entries.find((e) => e.position === signedAt)?.summary).toContain(`${NAME}, ${FUNCTION}`);

    await post('/api/ledger/heads', {});
    const head = (await get('/api/ledger/head')).body as { treeSize: number };
    proof = (await get(`/api/ledger/proofs/inclusion?position=${signedAt}&treeSize=${head.treeSize}`)).body as Proof;
    expect(proof.leafHash).toBe(eventLeafHash(stored).toString('hex'));
    key = await keyBytes(t, keyId);
    expect(key?.length).toBe(32);
  });

  it('is for the programme office only, and names a person who has a key', async () => {
    const body = { reason: 'AVG-verzoek 2026-041 (art. 17)' };
    const asPerson = await t.http
      .post(`/api/people/${USER}/forget`)
      .set('Authorization', `Bearer ${auditor}`)
      .send(body);
    expect(asPerson.status).toBe(403);
    const unknown = await t.http
      .post('/api/people/nobody-here/forget')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send(body);
    expect(unknown.status).toBe(404);
    const noReason = await t.http
      .post(`/api/people/${USER}/forget`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({});
    expect(noReason.status).toBe(400);
  });

  it('forgets the person: [verwijderd] in every read, their token revoked, the proof unchanged', async () => {
    const forgotten = await t.http
      .post(`/api/people/${USER}/forget`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ reason: 'AVG-verzoek 2026-041 (art. 17)' });
    expect(forgotten.status).toBe(201);
    expect(forgotten.body).toMatchObject({ keyId });
    const event = (await t.store.readStream('people')).at(-1)!;
    expect(event).toMatchObject({ type: 'PersonForgotten', data: { keyId, reason: 'AVG-verzoek 2026-041 (art. 17)' } });
    expect(JSON.stringify(event)).not.toContain(USER);

    expect((await get('/api/audit', person)).status).toBe(401);
    const agreement = JSON.stringify((await get('/api/agreements/agr-p')).body);
    expect(agreement).toContain(`"name":"${ERASED}","function":"${ERASED}"`);
    const history = JSON.stringify((await get('/api/activities/wsp/history')).body);
    expect(history).toContain(ERASED);
    const audit = (await get('/api/audit?order=asc&limit=1000')).body as {
      entries: { position: number; actor: { userId: string }; summary: string }[];
    };
    const signed = audit.entries.find((e) => e.position === signedAt)!;
    expect(signed.actor.userId).toBe(ERASED);
    expect(signed.summary).toContain(`(${ERASED}, ${ERASED})`);
    expect((await get(`/api/audit?userId=${USER}`)).body).toMatchObject({ entries: [] });
    const events = JSON.stringify((await get('/api/events?limit=1000')).body);
    expect(events).toContain(ERASED);
    const exported = await get('/api/exports/audit?format=csv');
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(ERASED);
    for (const text of [agreement, history, JSON.stringify(audit), events, exported.text]) {
      for (const plain of PLAINTEXTS) expect(text).not.toContain(plain);
    }

    const head = (await get('/api/ledger/head')).body as { treeSize: number };
    expect(head.treeSize).toBeGreaterThanOrEqual(proof.treeSize);
    const again = (await get(`/api/ledger/proofs/inclusion?position=${signedAt}&treeSize=${proof.treeSize}`))
      .body as Proof;
    expect(again).toEqual(proof);
    const stored = (await t.store.readAll({ fromPosition: signedAt, limit: 1 }))[0];
    const leaf = eventLeafHash(stored);
    expect(leaf.toString('hex')).toBe(proof.leafHash);
    const path = proof.auditPath.map((h) => Buffer.from(h, 'hex'));
    expect(inclusionHolds(signedAt - 1, proof.treeSize, leaf, path, Buffer.from(proof.rootHash, 'hex'))).toBe(true);
    // the log as stored, for auditors who compute leaves themselves
    const asStored = (await get(`/api/events?fromPosition=${signedAt}&limit=1&personalData=sealed`)).body as {
      events: RecordedEvent[];
    };
    expect(eventLeafHash(asStored.events[0]).toString('hex')).toBe(proof.leafHash);
    expect((await get('/api/events?personalData=plain')).status).toBe(400);
    expect(await keyBytes(t, keyId)).toBeUndefined();
  }, 60_000);

  it('leaves no byte of the person or their key in the database, and verify and a rebuild still hold', async () => {
    // the server stops; then the files (SQLite: the ledger and its -wal) or the tables (PostgreSQL) are searched
    await t.stop();
    const needles = [...PLAINTEXTS.map((p) => Buffer.from(p, 'utf8')), key!];
    if (kind === 'sqlite') {
      const dir = dirname(t.storeUrl.slice('sqlite:'.length));
      const files = readdirSync(dir);
      expect(files).toContain('ledger.db');
      for (const file of files) {
        const bytes = readFileSync(join(dir, file));
        for (const needle of needles) expect({ file, found: bytes.includes(needle) }).toEqual({ file, found: false });
      }
    } else {
      const found = await rowsContaining(t.storeUrl, [...PLAINTEXTS, key!.toString('hex')]);
      expect(found).toEqual([]);
    }

    const verified = await akkoord(['--store', t.storeUrl, 'verify']);
    expect({ code: verified.code, out: verified.stdout + verified.stderr }).toMatchObject({ code: 0 });
    const rebuilt = await akkoord(['--store', t.storeUrl, 'projections', 'rebuild']);
    expect(rebuilt.code).toBe(0);
    const tail = await akkoord(['--store', t.storeUrl, 'events', 'tail', '--from', '1', '--format', 'json']);
    expect(tail.stdout).toContain(ERASED);
    for (const plain of PLAINTEXTS) expect(tail.stdout).not.toContain(plain);

    t = await t.restart();
    const audit = (await get('/api/audit?order=asc&limit=1000')).body as {
      entries: { position: number; actor: { userId: string }; summary: string }[];
    };
    expect(audit.entries.find((e) => e.position === signedAt)).toMatchObject({ actor: { userId: ERASED } });
    const agreement = JSON.stringify((await get('/api/agreements/agr-p')).body);
    expect(agreement).toContain(`"name":"${ERASED}"`);
    for (const plain of PLAINTEXTS) expect(JSON.stringify(audit) + agreement).not.toContain(plain);
  }, 240_000);
});

/** The person key's bytes as the key table holds them, or undefined. */
async function keyBytes(t: TestApp, keyId: string): Promise<Buffer | undefined> {
  if (t.kind === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(t.storeUrl.slice('sqlite:'.length), { readonly: true });
    try {
      const row = db.prepare('SELECT key FROM personal_keys WHERE key_id = ?').get(keyId) as
        { key: Buffer } | undefined;
      return row?.key;
    } finally {
      db.close();
    }
  }
  const schema = new URL(t.storeUrl).searchParams.get('schema')!;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: Buffer }>(
      `SELECT key FROM "${schema}".personal_keys WHERE key_id = $1`,
      [keyId],
    );
    return rows[0]?.key;
  } finally {
    await client.end();
  }
}

/** Every table of the ledger's schema whose rows, as text, contain one of the needles: `table: needle`. */
async function rowsContaining(storeUrl: string, needles: string[]): Promise<string[]> {
  const schema = new URL(storeUrl).searchParams.get('schema')!;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [schema],
    );
    expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['events', 'personal_keys']));
    const found: string[] = [];
    for (const { table_name } of tables) {
      for (const needle of needles) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "${schema}"."${table_name}" AS t WHERE t::text LIKE $1`,
          [`%${needle}%`],
        );
        if (Number(rows[0].n) > 0) found.push(`${table_name}: ${needle}`);
      }
    }
    return found;
  } finally {
    await client.end();
  }
}
