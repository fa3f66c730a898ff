import { createHash } from 'node:crypto';
import { RuleViolation, type DomainCommand } from '@akkoord/domain';
import { WrongExpectedVersion, type Actor, type EventStore } from '@akkoord/event-store';
import { CommandRunner, Forbidden, IdempotencyKeyReused, commandIdFor } from '../src/index.js';
import { STORE_KINDS, testLedger, type TestLedger } from '../../../test/support/stores.js';

const office: Actor = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'], regionIds: [] };
const coordinator: Actor = {
  userId: 'anna',
  organisationId: 'gemeente-enschede',
  roles: ['region_coordinator'],
  regionIds: ['twente'],
};
const uwv: Actor = { userId: 'piet', organisationId: 'uwv', roles: ['partner_representative'], regionIds: [] };

describe.each(STORE_KINDS)('the command runner on %s', (kind) => {
  let ledger: TestLedger;
  let store: EventStore;
  let runner: CommandRunner;
  const run = (
    command: DomainCommand,
    actor: Actor = office,
    extra: { key?: string; expectedVersion?: number; hash?: string } = {},
  ) =>
    runner.run({
      command,
      actor,
      commandId: commandIdFor(actor.userId, extra.key),
      expectedVersion: extra.expectedVersion,
      requestHash: extra.hash,
    });

  beforeAll(async () => {
    ledger = testLedger(kind);
    store = await ledger.open();
    runner = new CommandRunner(store);
    await run({ type: 'RegisterRegion', data: { regionId: 'twente', name: 'Twente' } });
    for (const [partnerId, name, partnerKind] of [
      ['gemeente-enschede', 'Gemeente Enschede', 'central_municipality'],
      ['uwv', 'UWV', 'uwv'],
    ] as const) {
      await run({ type: 'RegisterPartner', data: { partnerId, name, kind: partnerKind } });
      await run(
        {
          type: 'JoinRegion',
          data: { regionId: 'twente', partnerId, role: partnerId === 'uwv' ? 'participant' : 'lead' },
        },
        coordinator,
      );
    }
    await run(
      {
        type: 'PlanActivity',
        data: {
          activityId: 'a1',
          regionId: 'twente',
          programmeId: 'pow',
          title: 'Werkgeversservicepunt',
          category: 'demand',
          leadPartnerId: 'gemeente-enschede',
          targets: [{ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' }],
          startDate: '2019-10-01',
          endDate: '2021-12-31',
        },
      },
      coordinator,
    );
  });
  afterAll(async () => {
    await store.close();
    await ledger.destroy();
  });

  it('records the actor, the command id, validFrom and the server time with every event', async () => {
    const result = await run(
      {
        type: 'ReportStatus',
        data: {
          activityId: 'a1',
          period: '2020-Q1',
          status: 'on_track',
          realised: [{ indicator: 'placements', value: 12 }],
          validFrom: '2020-03-31',
        },
      },
      coordinator,
    );
    const [event] = await store.readStream('activity-a1', { fromVersion: result.streamVersion });
    expect(event.type).toBe('ActivityStatusReported');
    expect(event.metadata.actor).toEqual(coordinator);
    expect(event.metadata.validFrom).toBe('2020-03-31');
    expect(event.metadata.commandId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(event.metadata.correlationId).toBe(event.metadata.commandId);
    expect(result.eventIds).toEqual([event.eventId]);
  });

  it('reads region membership from the region stream before deciding', async () => {
    await run({
      type: 'RegisterPartner',
      data: { partnerId: 'roc-twente', name: 'ROC van Twente', kind: 'education' },
    });
    const outsider: Actor = { userId: 'r', organisationId: 'roc-twente', roles: ['partner_representative'] };
    await expect(
      run(
        {
          type: 'CommitPartner',
          data: {
            activityId: 'a1',
            commitmentId: 'c-roc',
            partnerId: 'roc-twente',
            kind: 'fte',
            amount: 1,
            unit: 'fte',
          },
        },
        outsider,
      ),
    ).rejects.toMatchObject({ rule: 'partner_not_member' });
    await expect(
      run({ type: 'JoinRegion', data: { regionId: 'twente', partnerId: 'nobody', role: 'participant' } }),
    ).rejects.toMatchObject({ rule: 'partner_not_registered' });
  });

  it('refuses a coordinator outside their region and a representative for another organisation', async () => {
    const elsewhere: Actor = { ...coordinator, regionIds: ['groningen'] };
    await expect(
      run({ type: 'CloseActivity', data: { activityId: 'a1', outcome: 'stopped', reason: 'x' } }, elsewhere),
    ).rejects.toBeInstanceOf(Forbidden);
    const other: Actor = { ...uwv, organisationId: 'gemeente-enschede' };
    await expect(
      run(
        {
          type: 'CommitPartner',
          data: { activityId: 'a1', commitmentId: 'c-x', partnerId: 'uwv', kind: 'fte', amount: 1, unit: 'fte' },
        },
        other,
      ),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('lands 20 parallel commitments on one activity, queued per stream in this process', async () => {
    const before = (await store.readStream('activity-a1')).length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_x, i) =>
        run(
          {
            type: 'CommitPartner',
            data: {
              activityId: 'a1',
              commitmentId: `c-${i}`,
              partnerId: 'uwv',
              kind: 'placements',
              amount: i,
              unit: 'people',
            },
          },
          uwv,
        ),
      ),
    );
    const stream = await store.readStream('activity-a1');
    expect(stream).toHaveLength(before + 20);
    expect(new Set(results.map((r) => r.streamVersion)).size).toBe(20);
    expect(
      stream
        .filter((e) => e.type === 'PartnerCommitted')
        .map((e) => e.data.commitmentId)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_x, i) => `c-${i}`).sort());
  });

  it('retries conflicts with a writer on another connection until every command lands', async () => {
    const otherStore = await ledger.open();
    const other = new CommandRunner(otherStore);
    try {
      const before = (await store.readStream('activity-a1')).length;
      const commit = (r: CommandRunner, i: number) =>
        r.run({
          command: {
            type: 'CommitPartner',
            data: { activityId: 'a1', commitmentId: `x-${i}`, partnerId: 'uwv', kind: 'fte', amount: 1, unit: 'fte' },
          },
          actor: uwv,
          commandId: commandIdFor('piet'),
        });
      await Promise.all(Array.from({ length: 12 }, (_x, i) => commit(i % 2 ? runner : other, i)));
      const stream = await store.readStream('activity-a1');
      expect(stream).toHaveLength(before + 12);
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_e, i) => i));
    } finally {
      await otherStore.close();
    }
  });

  it('answers a conflict under If-Match with the actual version instead of retrying', async () => {
    const version = (await store.readStream('activity-a1')).length - 1;
    const error = await run(
      {
        type: 'AdjustAmbition',
        data: {
          activityId: 'a1',
          targets: [{ indicator: 'placements', target: 120, unit: 'people', dueDate: '2021-12-31' }],
          reason: 'later start',
        },
      },
      coordinator,
      { expectedVersion: version - 1 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(error.actualVersion).toBe(version);
    const ok = await run(
      {
        type: 'AdjustAmbition',
        data: {
          activityId: 'a1',
          targets: [{ indicator: 'placements', target: 120, unit: 'people', dueDate: '2021-12-31' }],
          reason: 'later start',
        },
      },
      coordinator,
      { expectedVersion: version },
    );
    expect(ok.streamVersion).toBe(version + 1);
  });

  it('returns the first answer for a repeated Idempotency-Key, and refuses the key with another request', async () => {
    const command: DomainCommand = {
      type: 'ReportStatus',
      data: { activityId: 'a1', period: '2020-Q2', status: 'at_risk', realised: [], validFrom: '2020-06-30' },
    };
    const hash = createHash('sha256').update(JSON.stringify(command)).digest('hex');
    const first = await run(command, coordinator, { key: 'report-q2', hash });
    const again = await run(command, coordinator, { key: 'report-q2', hash });
    expect(again).toEqual(first);
    expect((await store.readStream('activity-a1')).filter((e) => e.data.period === '2020-Q2')).toHaveLength(1);
    await expect(run(command, coordinator, { key: 'report-q2', hash: 'other' })).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    // a second report for the same period without the key is a correction and needs a reason
    await expect(run(command, coordinator)).rejects.toBeInstanceOf(RuleViolation);
  });

  it('folds what another process appended into its cached state before deciding', async () => {
    const report = (period: string): DomainCommand => ({
      type: 'ReportStatus',
      data: { activityId: 'a1', period, status: 'on_track', realised: [], validFrom: '2020-09-30' },
    });
    await run(report('2020-Q3'), coordinator); // our runner's cache now holds activity-a1
    const otherStore = await ledger.open();
    const other = new CommandRunner(otherStore);
    try {
      const hash = 'h-q4';
      const first = await other.run({
        command: report('2020-Q4'),
        actor: coordinator,
        commandId: commandIdFor(coordinator.userId, 'report-q4'),
        requestHash: hash,
      });
      // the same Idempotency-Key at this runner answers the other runner's result, appending nothing
      expect(await run(report('2020-Q4'), coordinator, { key: 'report-q4', hash })).toEqual(first);
      // and a second report for 2020-Q4 without a reason is refused: the other runner's report was folded in
      await expect(run(report('2020-Q4'), coordinator)).rejects.toBeInstanceOf(RuleViolation);
      const stream = await store.readStream('activity-a1');
      expect(stream.filter((e) => e.data.period === '2020-Q4')).toHaveLength(1);
      const next = await run(report('2021-Q1'), coordinator);
      expect(next.streamVersion).toBe(stream.length);
    } finally {
      await otherStore.close();
    }
  });
});
