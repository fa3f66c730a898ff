/**
 * A small, real world for projection tests: commands go through the real CommandRunner into a real store whose
 * clock the test moves, so recordedAt values are known.
 */
import type { ActivityStatus, DomainCommand } from '@akkoord/domain';
import type { Actor, EventStore } from '@akkoord/event-store';
import { CommandRunner, commandIdFor, type CommandResult } from '@akkoord/application';
import { ProjectionRunner, openReadStore, type Projection, type ReadStore } from '@akkoord/projections';
import { createHash } from 'node:crypto';
import { testLedger, type StoreKind, type TestLedger } from './stores.js';

export const office: Actor = {
  userId: 'po',
  organisationId: 'programme-office',
  roles: ['programme_office'],
  regionIds: [],
};

export function rep(partnerId: string): Actor {
  return { userId: `rep-${partnerId}`, organisationId: partnerId, roles: ['partner_representative'], regionIds: [] };
}

export interface World {
  ledger: TestLedger;
  store: EventStore;
  /** The store's clock; set `world.now` before a command to choose its recordedAt. */
  now: Date;
  run(command: DomainCommand, actor?: Actor): Promise<CommandResult>;
  close(): Promise<void>;
}

export async function openWorld(kind: StoreKind): Promise<World> {
  const ledger = testLedger(kind);
  const world = { ledger, now: new Date('2019-07-01T09:00:00Z') } as World;
  world.store = await ledger.open({ clock: () => world.now });
  const runner = new CommandRunner(world.store);
  world.run = (command, actor = office) => runner.run({ command, actor, commandId: commandIdFor(actor.userId) });
  world.close = async () => {
    await world.store.close();
    await ledger.destroy();
  };
  return world;
}

/** A world with its read models beside it: a read store on the same ledger and a runner (the test starts it). */
export interface ProjectedWorld extends World {
  readStore: ReadStore;
  runner: ProjectionRunner;
}

/** `close()` stops the runner and closes the read store, then the world. */
export async function openProjectedWorld(kind: StoreKind, projections: Projection[]): Promise<ProjectedWorld> {
  const world = await openWorld(kind);
  const readStore = await openReadStore(world.ledger.url);
  const runner = new ProjectionRunner(world.store, readStore, projections);
  const closeWorld = world.close;
  return Object.assign(world, {
    readStore,
    runner,
    close: async () => {
      await runner.stop();
      await readStore.close();
      await closeWorld();
    },
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Programme `pow`, region `twente` with a lead municipality, UWV and an ROC, all registered and joined. */
export async function seedRegion(world: World, regionId = 'twente'): Promise<void> {
  const { run } = world;
  if ((await world.store.readStream('programme-pow')).length === 0) {
    await run({
      type: 'LaunchProgramme',
      data: {
        programmeId: 'pow',
        name: 'Perspectief op Werk',
        owner: 'SZW',
        startDate: '2019-07-01',
        endDate: '2021-12-31',
      },
    });
  }
  await run({ type: 'RegisterRegion', data: { regionId, name: regionId } });
  for (const [partnerId, kind, role] of [
    [`gemeente-${regionId}`, 'central_municipality', 'lead'],
    [`uwv-${regionId}`, 'uwv', 'participant'],
    [`roc-${regionId}`, 'education', 'participant'],
  ] as const) {
    await run({ type: 'RegisterPartner', data: { partnerId, name: partnerId, kind } });
    await run({ type: 'JoinRegion', data: { regionId, partnerId, role } });
  }
}

export function planActivity(activityId: string, regionId: string, category: string): DomainCommand {
  return {
    type: 'PlanActivity',
    data: {
      activityId,
      regionId,
      programmeId: 'pow',
      title: `Activiteit ${activityId}`,
      category: category as 'supply',
      leadPartnerId: `gemeente-${regionId}`,
      targets: [{ indicator: 'placements', target: 100, unit: 'people', dueDate: '2021-12-31' }],
      startDate: '2019-10-01',
      endDate: '2021-12-31',
    },
  };
}

/** `partnerId`'s representative commits FTE to the activity (two, as commitment c1, unless told otherwise). */
export function commitFte(
  world: World,
  activityId: string,
  partnerId: string,
  amount = 2,
  commitmentId = 'c1',
): Promise<CommandResult> {
  return world.run(
    { type: 'CommitPartner', data: { activityId, commitmentId, partnerId, kind: 'fte', amount, unit: 'fte' } },
    rep(partnerId),
  );
}

/** A status report for a period, with the placements realised (none unless given) and, for a correction, its reason. */
export function reportStatus(
  activityId: string,
  period: string,
  status: ActivityStatus,
  validFrom: string,
  { placements, correctionReason }: { placements?: number; correctionReason?: string } = {},
): DomainCommand {
  const realised = placements === undefined ? [] : [{ indicator: 'placements', value: placements }];
  return {
    type: 'ReportStatus',
    data: {
      activityId,
      period,
      status,
      realised,
      validFrom,
      ...(correctionReason !== undefined && { correctionReason }),
    },
  };
}
