/**
 * Someone with write access to the database edits it after the fact; `verify` must catch each edit and name the
 * exact position. Every case starts from a fresh ledger whose notary signed a head over all of it.
 */
import type { RecordedEvent } from '@akkoord/event-store';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE_KINDS } from '../../../test/support/stores.js';
import { SigningKey, verify, verifyCommand, type TreeHead, type VerifyResult } from '../src/index.js';
import { notarisedLedger, type NotarisedLedger } from './notary-fixture.js';

describe.each(STORE_KINDS)('verify on %s', (kind) => {
  let ledger: NotarisedLedger;
  let log: RecordedEvent[];
  let head: TreeHead;
  const check = (extra: { head?: TreeHead } = {}): Promise<VerifyResult> =>
    verify({
      store: ledger.world.ledger.url,
      readStore: ledger.readStore,
      publicKey: ledger.key.publicKeyBase64,
      ...extra,
    });
  const positionOf = (predicate: (e: RecordedEvent) => boolean) => log.find(predicate)!.globalPosition;

  beforeEach(async () => {
    ledger = await notarisedLedger(kind);
    head = await ledger.notary.signHead();
    log = await ledger.world.store.readAll({ limit: 1000 });
    expect(head.treeSize).toBe(log.length);
  });
  afterEach(() => ledger.close());

  it('passes an untouched ledger with a one-line summary', async () => {
    const result = await check();
    expect(result).toMatchObject({ ok: true, treeSize: log.length, rootHash: head.rootHash, heads: 1 });
    expect(result.summary).toMatch(
      new RegExp(`^ok: ${log.length} events at positions 1–${log.length} in \\d+ streams`),
    );
    expect(result.summary).not.toContain('\n');
  });

  it("catches one byte changed in an event's data", async () => {
    const position = positionOf((e) => e.type === 'PartnerCommitted');
    const row = await ledger.raw.row(position);
    expect(row.data).toContain('uwv-twente');
    await ledger.raw.setData(position, row.data.replace('uwv-twente', 'uwv-twentf'));
    expect(await check()).toMatchObject({ ok: false, position, problem: 'hash differs' });
  });

  it('catches a changed actor in the metadata', async () => {
    const position = positionOf((e) => e.type === 'ActivityPlanned' && e.streamId === 'activity-a2');
    const row = await ledger.raw.row(position);
    const metadata = JSON.parse(row.metadata);
    metadata.actor.userId = 'someone-else';
    await ledger.raw.setMetadata(position, JSON.stringify(metadata));
    const result = await check();
    expect(result).toMatchObject({ ok: false, position, problem: 'hash differs' });
    expect(result.summary).toContain(`position ${position}: hash differs`);
  });

  it('catches a deleted event', async () => {
    const position = Math.ceil(log.length / 2);
    await ledger.raw.deleteEvent(position);
    expect(await check()).toMatchObject({ ok: false, position, problem: 'position missing' });
  });

  it('catches a deleted last event', async () => {
    await ledger.raw.deleteEvent(log.length);
    expect(await check()).toMatchObject({ ok: false, position: log.length, problem: 'position missing' });
  });

  it('catches two events of one stream whose positions were swapped', async () => {
    const first = positionOf((e) => e.streamId === 'activity-a1' && e.streamVersion === 0);
    const second = positionOf((e) => e.streamId === 'activity-a1' && e.streamVersion === 1);
    await ledger.raw.swapPositions(first, second);
    const result = await check();
    expect(result).toMatchObject({ ok: false, position: first, problem: 'order changed' });
  });

  it('catches two events of different streams whose positions were swapped', async () => {
    // Neighbours on different streams, recorded at the same instant: only the hashes can tell.
    const at = log.findIndex(
      (e, i) =>
        i > 0 && e.streamId !== log[i + 1]?.streamId && e.metadata.recordedAt === log[i + 1]?.metadata.recordedAt,
    );
    const position = log[at].globalPosition;
    await ledger.raw.swapPositions(position, position + 1);
    expect(await check()).toMatchObject({ ok: false, position, problem: 'hash differs' });
  });

  describe('a forged event appended without the key', () => {
    let forged: number;
    beforeEach(async () => {
      const last = await ledger.raw.row(log.length);
      forged = log.length + 1;
      const metadata = JSON.parse(last.metadata);
      metadata.actor = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'], regionIds: [] };
      await ledger.raw.insertEvent({
        ...last,
        position: forged,
        streamVersion: last.streamVersion + 1,
        eventId: '00000000-0000-4000-8000-00000000f0f0',
        metadata: JSON.stringify(metadata),
      });
    });

    it('is not covered by a signed tree head', async () => {
      const result = await check();
      expect(result).toMatchObject({ ok: false, position: forged, problem: 'not covered by a signed tree head' });
      expect(result.summary).toContain(`the latest signed head covers ${log.length} events`);
    });

    it('is still not covered once the notary projection has folded it', async () => {
      await ledger.runner.catchUp();
      expect(await ledger.notary.treeSize()).toBe(forged);
      expect(await check()).toMatchObject({
        ok: false,
        position: forged,
        problem: 'not covered by a signed tree head',
      });
    });

    it('cannot be covered by a head signed with another key', async () => {
      await ledger.runner.catchUp();
      const intruder = SigningKey.generate();
      const root = (await ledger.notary.consistencyProof(1, forged)).toRootHash;
      const fake = intruder.sign({ treeSize: forged, rootHash: root, signedAt: '2021-01-02T00:00:00.000Z' });
      await ledger.raw.run(
        'INSERT INTO notary_heads (tree_size, root_hash, signed_at, signature, public_key) VALUES (?, ?, ?, ?, ?)',
        [fake.treeSize, fake.rootHash, fake.signedAt, fake.signature, fake.publicKey],
      );
      const result = await check();
      expect(result).toMatchObject({ ok: false, position: forged, problem: 'head signature bad' });
      // ... nor by one that names the ledger's key but cannot carry its signature.
      await ledger.raw.run('UPDATE notary_heads SET public_key = ? WHERE tree_size = ?', [head.publicKey, forged]);
      expect(await check()).toMatchObject({ ok: false, position: forged, problem: 'head signature bad' });
    });
  });

  it('catches a stored head whose root was edited', async () => {
    await ledger.raw.run('UPDATE notary_heads SET root_hash = ? WHERE tree_size = ?', ['00'.repeat(32), head.treeSize]);
    expect(await check()).toMatchObject({ ok: false, position: head.treeSize, problem: 'head signature bad' });
  });

  it("pins a change even when the notary's leaf was rewritten to match, from the stored nodes above it", async () => {
    const position = positionOf((e) => e.type === 'PartnerCommitted');
    const row = await ledger.raw.row(position);
    await ledger.raw.setData(position, row.data.replace('"fte"', '"eur"'));
    const { eventLeafHash } = await import('../src/index.js');
    const [changed] = await ledger.world.store.readAll({ fromPosition: position, limit: 1 });
    await ledger.raw.run('UPDATE notary_nodes SET hash = ? WHERE level = 0 AND idx = ?', [
      eventLeafHash(changed).toString('hex'),
      position - 1,
    ]);
    expect(await check()).toMatchObject({ ok: false, position, problem: 'hash differs' });
  });

  it('bounds a change to the span between signed heads when the whole notary table was rebuilt over it', async () => {
    const position = positionOf((e) => e.type === 'PartnerCommitted');
    const row = await ledger.raw.row(position);
    await ledger.raw.setData(position, row.data.replace('"fte"', '"eur"'));
    await ledger.runner.rebuild(['notary']);
    const result = await check();
    expect(result).toMatchObject({ ok: false, position: 1, problem: 'head root differs' });
    expect(result.summary).toContain(`positions 1–${head.treeSize}`);
  });

  it('tells a changed notary node from a changed event', async () => {
    // The largest complete subtree: 8 leaves from leaf 0. The events under it are as the signed head says.
    await ledger.raw.run('UPDATE notary_nodes SET hash = ? WHERE level = 3 AND idx = 0', ['11'.repeat(32)]);
    const result = await check();
    expect(result).toMatchObject({ ok: false, position: 1, problem: 'notary node differs' });
    expect(result.summary).toContain("the notary's stored node (level 3, index 0) was changed");
  });

  describe('with a head an auditor kept', () => {
    it('checks that today’s ledger is consistent with it', async () => {
      for (let i = 0; i < 3; i++) {
        await ledger.world.run({
          type: 'RegisterPartner',
          data: { partnerId: `x-${i}`, name: `X ${i}`, kind: 'other' },
        });
      }
      await ledger.runner.catchUp();
      await ledger.notary.signHead();
      const result = await check({ head });
      expect(result).toMatchObject({ ok: true, treeSize: log.length + 3 });
      expect(result.summary).toContain(`consistent with the head you kept (tree size ${head.treeSize}`);
    });

    it('catches a ledger that was rewritten, heads and all, by someone holding the key', async () => {
      const position = positionOf((e) => e.type === 'PartnerCommitted');
      const row = await ledger.raw.row(position);
      await ledger.raw.setData(position, row.data.replace('"fte"', '"eur"'));
      await ledger.raw.run('DELETE FROM notary_heads');
      await ledger.runner.rebuild(['notary']);
      await ledger.notary.signHead();
      expect(await check()).toMatchObject({ ok: true });
      const result = await check({ head });
      expect(result).toMatchObject({ ok: false, problem: 'head root differs' });
      expect(result.summary).toContain('not consistent with the head you kept');
    });

    it('catches a head that was not signed by its key, and one beyond the log', async () => {
      expect(await check({ head: { ...head, signedAt: '2020-01-01T00:00:00.000Z' } })).toMatchObject({
        ok: false,
        problem: 'head signature bad',
      });
      const later = ledger.key.sign({ treeSize: log.length + 5, rootHash: head.rootHash, signedAt: head.signedAt });
      expect(await check({ head: later })).toMatchObject({
        ok: false,
        position: log.length + 1,
        problem: 'position missing',
      });
    });
  });

  describe('as the CLI runs it', () => {
    let dir: string;
    let lines: string[];
    const out = (line: string) => lines.push(line);
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'akkoord-verify-'));
      lines = [];
      writeFileSync(join(dir, 'key.pem'), ledger.key.toPem());
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('exits 0 with one line, or 1 naming the position', async () => {
      const args = { store: ledger.world.ledger.url, key: join(dir, 'key.pem') };
      expect(await verifyCommand(args, out)).toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^ok: /);
      await ledger.raw.deleteEvent(2);
      expect(await verifyCommand(args, out)).toBe(1);
      expect(lines[1]).toMatch(/^position 2: position missing/);
    });

    it('checks a head file, and exits 2 on what it cannot read', async () => {
      writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
      const args = { store: ledger.world.ledger.url, key: join(dir, 'key.pem') };
      expect(await verifyCommand({ ...args, head: join(dir, 'head.json') }, out)).toBe(0);
      expect(lines[0]).toContain('consistent with the head you kept');
      writeFileSync(join(dir, 'bad.json'), '{"treeSize": "x"}');
      expect(await verifyCommand({ ...args, head: join(dir, 'bad.json') }, out)).toBe(2);
      expect(await verifyCommand({ ...args, head: join(dir, 'missing.json') }, out)).toBe(2);
      expect(await verifyCommand({ store: `sqlite:${join(dir, 'nothing.db')}` }, out)).toBe(2);
      expect(lines.slice(1).every((line) => line.startsWith('verify: '))).toBe(true);
    });
  });
});
