import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED } from '@akkoord/domain';
import { openEventStore, openKeyStore, type EventStore, type KeyStore } from '@akkoord/event-store';
import { testLedger, type TestLedger } from '../../../test/support/stores.js';
import { PersonalDataVault, sealEvent, sealingStore } from '../src/index.js';

/** The vault on real key stores: a table in a SQLite ledger file or a PostgreSQL schema, and a directory of key files. */
describe.each(['sqlite', 'postgres', 'dir'] as const)('the person keys’ vault on %s', (kind) => {
  let dir: string;
  let storeUrl: string;
  let keySetting: string | undefined;
  let store: EventStore;
  let pgLedger: TestLedger | undefined;
  const open = () => openKeyStore(storeUrl, keySetting);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'akkoord-vault-'));
    pgLedger = kind === 'postgres' ? testLedger('postgres') : undefined;
    storeUrl = pgLedger?.url ?? `sqlite:${join(dir, 'ledger.db')}`;
    keySetting = kind === 'dir' ? `dir:${join(dir, 'keys')}` : undefined;
    store = await openEventStore(storeUrl);
  });
  afterEach(async () => {
    await store.close();
    await pgLedger?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals with a key per person and opens whole values and values inside a sentence', async () => {
    const vault = new PersonalDataVault(open);
    const anna = await vault.seal('anna', 'Anna de Vries');
    const again = await vault.seal('anna', 'Anna de Vries');
    const bob = await vault.seal('bob', 'Bob');
    expect(anna).toMatch(/^pd1:[\w-]{22}:[\w-]{16}:[\w-]+$/);
    expect(again).not.toBe(anna); // a fresh IV every time
    expect(anna.split(':')[1]).toBe(again.split(':')[1]); // one key id per person
    expect(bob.split(':')[1]).not.toBe(anna.split(':')[1]);
    expect(await vault.open(anna)).toBe('Anna de Vries');
    expect(await vault.open('plain text, written before sealing')).toBe('plain text, written before sealing');
    const opened = await vault.openDeep({ who: anna, summary: `Signed by ${bob} (${anna})`, n: 3, list: [bob] });
    expect(opened).toEqual({ who: 'Anna de Vries', summary: 'Signed by Bob (Anna de Vries)', n: 3, list: ['Bob'] });
    expect(await vault.keyIdFor('anna')).toBe(anna.split(':')[1]);
    expect(await vault.keyIdFor('nobody')).toBeUndefined();
    await vault.close();
  });

  it('forgets a person: their values open as [verwijderd], in this vault at once and in another after the TTL', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const here = new PersonalDataVault(open, clock);
    const elsewhere = new PersonalDataVault(open, clock);
    const anna = await here.seal('anna', 'Anna de Vries');
    const bob = await here.seal('bob', 'Bob');
    expect(await elsewhere.open(anna)).toBe('Anna de Vries');
    const keyId = await here.forget('anna');
    expect(keyId).toBe(anna.split(':')[1]);
    expect(await here.openDeep({ anna, bob })).toEqual({ anna: ERASED, bob: 'Bob' });
    expect(await here.keyIdFor('anna')).toBeUndefined();
    expect(await here.forget('anna')).toBeUndefined();
    now += 2_500; // the other process looks its cached key up again after two seconds
    expect(await elsewhere.openDeep(`Signed by ${anna}`)).toBe(`Signed by ${ERASED}`);
    // a person who acts again after being forgotten gets a new key
    const later = await here.seal('anna', 'Anna');
    expect(later.split(':')[1]).not.toBe(keyId);
    expect(await elsewhere.open(later)).toBe('Anna');
    await here.close();
    await elsewhere.close();
    if (kind === 'dir') expect(readdirSync(join(dir, 'keys')).filter((f) => f.endsWith('.key'))).toHaveLength(2);
  });

  it('opens a JSON text as openDeep opens the value, escaping the plaintext, and never from memory after a forget', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const here = new PersonalDataVault(open, clock);
    const elsewhere = new PersonalDataVault(open, clock);
    // a plaintext JSON must escape: quotes, a backslash, a line break, a non-ASCII letter
    const anna = await here.seal('anna', 'Anna "de" V\\ries\nÅ');
    const bob = await here.seal('bob', 'Bob');
    const value = { who: anna, summary: `Signed by ${bob} (${anna})`, list: [bob, 3, null], nested: { deep: [anna] } };
    const json = await here.openJson(JSON.stringify(value));
    expect(JSON.parse(json)).toEqual(await here.openDeep(value));
    expect(JSON.parse(json)).toEqual({
      who: 'Anna "de" V\\ries\nÅ',
      summary: 'Signed by Bob (Anna "de" V\\ries\nÅ)',
      list: ['Bob', 3, null],
      nested: { deep: ['Anna "de" V\\ries\nÅ'] },
    });
    expect(await here.openJson('{"plain":"no sealed values"}')).toBe('{"plain":"no sealed values"}');
    // opened once (and kept), then forgotten: here at once, in another vault that opened it too after the TTL
    expect(JSON.parse(await elsewhere.openJson(JSON.stringify({ anna })))).toEqual({ anna: 'Anna "de" V\\ries\nÅ' });
    await here.forget('anna');
    expect(JSON.parse(await here.openJson(JSON.stringify(value)))).toEqual({
      who: ERASED,
      summary: `Signed by Bob (${ERASED})`,
      list: ['Bob', 3, null],
      nested: { deep: [ERASED] },
    });
    now += 2_500;
    expect(JSON.parse(await elsewhere.openJson(JSON.stringify({ anna, bob })))).toEqual({ anna: ERASED, bob: 'Bob' });
    await here.close();
    await elsewhere.close();
  });

  it('seals the personal fields of an event on append and leaves the rest as it is', async () => {
    const vault = new PersonalDataVault(open);
    const sealed = sealingStore(store, vault);
    const actor = { userId: 'rep-1', organisationId: 'uwv', roles: ['partner_representative'] };
    await sealed.append(
      'agreement-a',
      [
        {
          eventId: '6f1d2a4e-3d1c-4a57-9a43-2f1b8f0c0001',
          type: 'AgreementSigned',
          data: { agreementId: 'a', partnerId: 'uwv', signatory: { name: 'Jan Jansen', function: 'directeur' } },
          metadata: { actor, importedBy: { ...actor, userId: 'office-1' }, commandId: 'c' },
        },
      ],
      'no_stream',
    );
    const [stored] = await store.readStream('agreement-a');
    const signatory = stored.data.signatory as { name: string; function: string };
    const importedBy = stored.metadata.importedBy as { userId: string };
    for (const value of [stored.metadata.actor.userId, signatory.name, signatory.function, importedBy.userId]) {
      expect(value).toMatch(/^pd1:/);
    }
    expect(stored.data).toMatchObject({ agreementId: 'a', partnerId: 'uwv' });
    expect(stored.metadata.actor).toMatchObject({ organisationId: 'uwv', roles: ['partner_representative'] });
    // the signatory fields are sealed with the key of the actor who recorded them; importedBy with the importer's
    const keyOf = (v: string) => v.split(':')[1];
    expect(keyOf(signatory.name)).toBe(keyOf(stored.metadata.actor.userId));
    expect(keyOf(importedBy.userId)).toBe(await vault.keyIdFor('office-1'));
    expect(await vault.openDeep(stored.data)).toMatchObject({
      signatory: { name: 'Jan Jansen', function: 'directeur' },
    });
    // sealing again leaves sealed values alone
    const twice = await sealEvent(
      { eventId: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata },
      vault,
    );
    expect(twice.data).toEqual(stored.data);
    await vault.close();
  });

  it('destroys the key so that it is gone from the store', async () => {
    const keys: KeyStore = await open();
    const vault = new PersonalDataVault(keys);
    const anna = await vault.seal('anna', 'Anna');
    const bert = await vault.seal('bert', 'Bert');
    const keyId = anna.split(':')[1];
    const bertKeyId = bert.split(':')[1];
    const before = await keys.findByKeyIds([keyId, bertKeyId, 'no-such-key-id-000000']);
    expect([...before.keys()].sort()).toEqual([keyId, bertKeyId].sort());
    expect(before.get(keyId)).toHaveLength(32);
    await vault.forget('anna');
    const after = await keys.findByKeyIds([keyId, bertKeyId]);
    expect([...after.keys()]).toEqual([bertKeyId]);
    if (kind === 'dir') expect(existsSync(join(dir, 'keys', `${keyId}.key`))).toBe(false);
    await vault.close();
  });

  it('opens an answer naming many people with one read of the key store', async () => {
    const keys: KeyStore = await open();
    const reads: number[] = [];
    const counted: KeyStore = Object.assign(Object.create(keys) as KeyStore, {
      findByKeyIds: (ids: readonly string[]) => (reads.push(ids.length), keys.findByKeyIds(ids)),
    });
    let now = 0;
    const writer = new PersonalDataVault(keys);
    const people = Array.from({ length: 12 }, (_, i) => `persoon-${i}`);
    const page = await Promise.all(people.map(async (p) => ({ actor: await writer.seal(p, `Naam ${p}`) })));
    const reader = new PersonalDataVault(counted, () => now);
    expect(await reader.openDeep(page)).toEqual(people.map((p) => ({ actor: `Naam ${p}` })));
    expect(reads).toEqual([12]);
    await reader.openDeep(page); // cached
    expect(reads).toEqual([12]);
    now += 2500; // past the cache's two seconds: looked up again, still in one read
    await reader.openDeep(page);
    expect(reads).toEqual([12, 12]);
    await writer.close();
  });
});
