import { CommandRunner, PROGRAMME_OFFICE, commandIdFor } from '@akkoord/application';
import { routeOf, type DomainCommand } from '@akkoord/domain';
import { openEventStore, type Actor, type EventStore } from '@akkoord/event-store';
import { buildScenario, DEFAULT_SEED, type Scenario } from './scenario.js';
import type { DemoStep } from './steps.js';

/** The demo only goes into an empty ledger. */
export class LedgerNotEmpty extends Error {
  constructor(readonly headPosition: number) {
    super(`The ledger is not empty (${headPosition} events); the demo only goes into an empty ledger.`);
    this.name = 'LedgerNotEmpty';
  }
}

export interface DemoProgress {
  /** Events appended so far, and in all. */
  events: number;
  totalEvents: number;
  commands: number;
  totalCommands: number;
}

export interface DemoOptions {
  /** How many copies of the demo to write (default 1); copy k > 1 suffixes every id with `-k`. */
  scale?: number;
  seed?: string;
  /** Commands in flight at once (default 2048): they go to different streams and commit together. */
  concurrency?: number;
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoResult {
  scale: number;
  seed: string;
  events: number;
  commands: number;
  activities: number;
  regions: number;
  partners: number;
  agreements: number;
  /** The ledger's head after the demo. */
  headPosition: number;
  milliseconds: number;
  eventsPerSecond: number;
}

/** A chunk never spans more simulated time than this: recordedAt stays within a day of the step's own moment. */
const CHUNK_WINDOW_MS = 24 * 3_600_000;

/**
 * Writes the Perspectief op Werk demo into the (empty) ledger at `storeUrl`, through the real command path: the
 * command runner with its rules and permissions, as the programme office, the regions' coordinators and the
 * partners' representatives. The store's clock is simulated, so recordedAt runs through 2019–2021 (and the first
 * months of 2022, when the last quarter is reported).
 */
export async function writeDemo(storeUrl: string, options: DemoOptions = {}): Promise<DemoResult> {
  const scenario = buildScenario(options.seed ?? DEFAULT_SEED);
  const clock = new DemoClock(scenario.steps[0].at);
  const store = await openEventStore(storeUrl, { clock: () => clock.next() });
  try {
    return await writeScenario(store, scenario, clock, options);
  } finally {
    await store.close();
  }
}

/**
 * The simulated clock: each append takes the moment of the step it belongs to. The store reads its clock once per
 * append, in the order appends reach it, so the moments are queued in that order (see `timed`); the store keeps
 * recordedAt from going backwards when concurrent steps arrive out of order.
 */
export class DemoClock {
  private readonly queue: number[] = [];
  private last: number;

  constructor(start: number) {
    this.last = start;
  }

  /** The moment of the next append. */
  next(): Date {
    const at = this.queue.shift();
    if (at !== undefined) this.last = at;
    return new Date(this.last);
  }

  /** An append of a step recorded at `at` is about to reach the store. */
  expect(at: number): void {
    this.queue.push(at);
  }

  /** Drops moments of appends that never reached the clock (a refused append). */
  settle(): void {
    this.queue.length = 0;
  }
}

/**
 * Runs a scenario against an open, empty store that was opened with `clock.next` as its clock. Steps run in chunks:
 * consecutive steps, close in time, none of which reads a stream that another step of the chunk writes; within a
 * chunk they run concurrently and commit together.
 */
export async function writeScenario(
  store: EventStore,
  scenario: Scenario,
  clock: DemoClock,
  options: DemoOptions = {},
): Promise<DemoResult> {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a whole number ≥ 1');
  const head = await store.headPosition();
  if (head > 0) throw new LedgerNotEmpty(head);
  const moments = new Map<string, number>();
  const runner = new CommandRunner(timed(store, clock, moments));
  const concurrency = options.concurrency ?? 2048;
  const started = performance.now();
  const totalCommands = scenario.steps.length * scale;
  const totalEvents = scenario.events * scale;
  let commands = 0;
  let events = 0;
  for (const chunk of chunks(scenario.steps, Math.max(1, Math.floor(concurrency / scale)))) {
    const runs: Promise<unknown>[] = [];
    for (let copy = 1; copy <= scale; copy++) {
      chunk.steps.forEach((step, i) => {
        const { command, actor } = copy === 1 ? step : copied(step, copy);
        const commandId = commandIdFor(actor.userId, `demo/${scenario.seed}/${copy}/${chunk.first + i}`);
        moments.set(commandId, step.at);
        runs.push(runner.run({ command, actor, commandId }));
      });
    }
    await Promise.all(runs);
    moments.clear();
    clock.settle();
    commands += runs.length;
    events += chunk.steps.reduce((sum, s) => sum + s.events, 0) * scale;
    options.onProgress?.({ events, totalEvents, commands, totalCommands });
  }
  const milliseconds = performance.now() - started;
  return {
    scale,
    seed: scenario.seed,
    events,
    commands,
    activities: scenario.activities.length * scale,
    regions: scenario.regions * scale,
    partners: scenario.partners * scale,
    agreements: scenario.agreements * scale,
    headPosition: await store.headPosition(),
    milliseconds,
    eventsPerSecond: Math.round(events / Math.max(0.001, milliseconds / 1000)),
  };
}

/** The store as the command runner sees it: each append first tells the clock which step's moment it needs. */
function timed(store: EventStore, clock: DemoClock, moments: Map<string, number>): EventStore {
  return {
    kind: store.kind,
    append: (streamId, events, expected) => {
      const at = moments.get(String(events[0]?.metadata.commandId));
      if (at !== undefined) clock.expect(at);
      return store.append(streamId, events, expected);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribe: (options) => store.subscribe(options),
    waitForAppend: (timeoutMs, signal) => store.waitForAppend(timeoutMs, signal),
    close: () => store.close(),
  };
}

/** Streams whose state a command reads besides its own (see the command routes' `needs`). */
function readsOtherStream(command: DomainCommand): string | undefined {
  switch (command.type) {
    case 'JoinRegion':
      return `partner-${command.data.partnerId}`;
    case 'PlanActivity':
      return `region-${command.data.regionId}`;
    case 'CommitPartner':
    case 'ChangeActivityLead':
      return 'region-of-activity';
    default:
      return undefined;
  }
}

function* chunks(steps: readonly DemoStep[], maxSteps: number): Generator<{ first: number; steps: DemoStep[] }> {
  let start = 0;
  while (start < steps.length) {
    const written = new Set<string>();
    let regionWritten = false;
    let end = start;
    while (end < steps.length && end - start < maxSteps) {
      const step = steps[end];
      if (end > start && step.at - steps[start].at > CHUNK_WINDOW_MS) break;
      const reads = readsOtherStream(step.command);
      // an activity command that reads its region's members waits for every region write before it
      if (reads === 'region-of-activity' ? regionWritten : reads !== undefined && written.has(reads)) break;
      const stream = routeOf(step.command).streamId(step.command);
      written.add(stream);
      if (stream.startsWith('region-')) regionWritten = true;
      end += 1;
    }
    yield { first: start, steps: steps.slice(start, end) };
    start = end;
  }
}

const ID_FIELDS = [
  'programmeId',
  'partnerId',
  'regionId',
  'activityId',
  'leadPartnerId',
  'agreementId',
  'ownerPartnerId',
  'by',
] as const;

/** Copy `k` of a step: every id (and the actor's organisation and regions) with the suffix `-k`. */
function copied(step: DemoStep, k: number): { command: DomainCommand; actor: Actor } {
  const suffix = `-${k}`;
  const data: Record<string, unknown> = { ...step.command.data };
  for (const field of ID_FIELDS) if (typeof data[field] === 'string') data[field] = `${data[field]}${suffix}`;
  for (const field of ['parties', 'activityIds']) {
    if (Array.isArray(data[field])) data[field] = (data[field] as string[]).map((id) => `${id}${suffix}`);
  }
  if (step.command.type === 'RegisterRegion' || step.command.type === 'RegisterPartner') {
    data.name = `${data.name as string} (${k})`;
  }
  const actor = step.actor;
  return {
    command: { type: step.command.type, data } as DomainCommand,
    actor: {
      ...actor,
      userId: actor.organisationId === PROGRAMME_OFFICE ? actor.userId : `${actor.userId}${suffix}`,
      organisationId: actor.organisationId === PROGRAMME_OFFICE ? PROGRAMME_OFFICE : `${actor.organisationId}${suffix}`,
      regionIds: (actor.regionIds ?? []).map((id) => `${id}${suffix}`),
    },
  };
}
