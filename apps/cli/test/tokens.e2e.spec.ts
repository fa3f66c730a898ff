import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AccessTokens, CommandRunner, PersonalDataVault, commandIdFor } from '@akkoord/application';
import type { DomainCommand } from '@akkoord/domain';
import { openEventStore, openKeyStore } from '@akkoord/event-store';
import { openedWith } from '../../../test/support/personal-data.js';
import { akkoord, storedEvents, tempLedger } from './cli-harness.js';

/** Region twente with partner gemeente-enschede, written through the real commands (a grant names only what exists). */
async function seedTwente(url: string): Promise<void> {
  const store = await openEventStore(url);
  try {
    const runner = new CommandRunner(store);
    const actor = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'] };
    const commands: DomainCommand[] = [
      { type: 'RegisterRegion', data: { regionId: 'twente', name: 'Twente' } },
      {
        type: 'RegisterPartner',
        data: { partnerId: 'gemeente-enschede', name: 'Enschede', kind: 'central_municipality' },
      },
    ];
    for (const command of commands) await runner.run({ command, actor, commandId: commandIdFor(actor.userId) });
  } finally {
    await store.close();
  }
}

describe('akkoord tokens create', () => {
  const ledger = tempLedger();
  beforeAll(() => seedTwente(ledger.url));
  afterAll(() => ledger.remove());

  it('prints the token once on stdout, its id on stderr, and records only its hash, issued by the CLI', async () => {
    const args = ['tokens', 'create', '--user', 'anna', '--organisation', 'gemeente-enschede'];
    const result = await akkoord([...ledger.store, ...args, '--role', 'region_coordinator', '--region', 'twente']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^akk_[A-Za-z0-9_-]{20,}\n$/);
    const token = result.stdout.trim();
    const tokenId = /tokenId ([0-9a-f-]{36})/.exec(result.stderr)?.[1];
    expect(tokenId).toBeDefined();

    // the user ids are sealed at rest (README, "AVG / privacy"): opened with the ledger's keys
    const stored = storedEvents(ledger.file).pop()!;
    expect(stored.data.userId).toMatch(/^pd1:/);
    const [issued] = await openedWith(ledger.url, [stored]);
    expect(issued.type).toBe('AccessTokenIssued');
    expect(issued.data).toEqual({
      tokenId,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      userId: 'anna',
      organisationId: 'gemeente-enschede',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    expect(issued.metadata.actor).toEqual({
      userId: 'cli',
      organisationId: 'programme-office',
      roles: ['programme_office'],
    });
    expect(readFileSync(ledger.file).includes(token)).toBe(false);

    const store = await openEventStore(ledger.url);
    try {
      const vault = new PersonalDataVault(() => openKeyStore(ledger.url));
      const known = await new AccessTokens(store, undefined, vault).authenticate(token);
      await vault.close();
      expect(known).toEqual({
        userId: 'anna',
        organisationId: 'gemeente-enschede',
        roles: ['region_coordinator'],
        regionIds: ['twente'],
      });
    } finally {
      await store.close();
    }
  });

  it('takes several roles', async () => {
    const result = await akkoord([
      ...ledger.store,
      ...['tokens', 'create', '--user', 'kim', '--organisation', 'programme-office', '--role', 'analyst', 'auditor'],
    ]);
    expect(result.code).toBe(0);
    expect(storedEvents(ledger.file).pop()?.data).toMatchObject({ roles: ['analyst', 'auditor'], regionIds: [] });
  });

  it('refuses an unknown role, a missing role and a bad id with exit code 2, appending nothing', async () => {
    const before = storedEvents(ledger.file).length;
    const base = [...ledger.store, 'tokens', 'create', '--user', 'bo', '--organisation', 'uwv-twente'];
    const badRole = await akkoord([...base, '--role', 'boss']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toBe(
      'akkoord: Unknown role boss: use programme_office, region_coordinator, partner_representative, analyst, auditor.\n',
    );
    expect((await akkoord(base)).code).toBe(2);
    const badId = await akkoord([
      ...ledger.store,
      'tokens',
      'create',
      '--user',
      'Bo Smit',
      '--organisation',
      'x',
      '--role',
      'analyst',
    ]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/^akkoord: --user "Bo Smit" is not an id/);
    expect(storedEvents(ledger.file)).toHaveLength(before);
  });

  it('refuses, as POST /api/tokens does, a grant naming an organisation or region that does not exist', async () => {
    const before = storedEvents(ledger.file).length;
    const create = (organisation: string, role: string, region?: string) =>
      akkoord([
        ...ledger.store,
        ...['tokens', 'create', '--user', 'bo', '--organisation', organisation, '--role', role],
        ...(region ? ['--region', region] : []),
      ]);

    const outsider = await create('uwv-twente', 'partner_representative');
    expect(outsider).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'akkoord: A partner representative acts for a registered partner; no partner with id uwv-twente is registered.\n',
    });
    const coordinator = await create('adviesbureau-x', 'region_coordinator', 'twente');
    expect(coordinator.code).toBe(2);
    expect(coordinator.stderr).toBe(
      'akkoord: The organisation must be programme-office or a registered partner; no partner with id adviesbureau-x is registered.\n',
    );
    const region = await create('gemeente-enschede', 'region_coordinator', 'atlantis');
    expect(region).toEqual({ code: 2, stdout: '', stderr: 'akkoord: No region with id atlantis is registered.\n' });
    expect(storedEvents(ledger.file)).toHaveLength(before);

    // readers only may come from outside the ledger (a court of audit); a registered partner's representative is fine
    expect((await create('algemene-rekenkamer', 'auditor')).code).toBe(0);
    expect((await create('gemeente-enschede', 'partner_representative')).code).toBe(0);
    expect(
      storedEvents(ledger.file)
        .slice(before)
        .map((e) => e.data.organisationId),
    ).toEqual(['algemene-rekenkamer', 'gemeente-enschede']);
  });

  it('explains itself with --help', async () => {
    const help = await akkoord(['tokens', 'create', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: akkoord tokens create/);
    expect(help.stdout).toMatch(/--role <role\.\.\.>/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
