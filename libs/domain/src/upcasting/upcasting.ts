/**
 * Event schema versions and upcasters (docs/events.md).
 *
 * Each stored event carries its schema version in `metadata.schemaVersion`; an event without one is version 1 (every
 * event written before versions existed). The stored bytes are never rewritten — the Merkle tree is over them — so an
 * older event is brought to the current shape on read, by pure functions, one version step at a time. Deciders and
 * projections therefore only ever see the current shape.
 */

/** What an upcaster takes and gives: the `data` of one event, one version apart. */
export type EventData = Readonly<Record<string, unknown>>;
export type Upcaster = (data: EventData) => EventData;

/** The version an event without `metadata.schemaVersion` has. */
export const FIRST_SCHEMA_VERSION = 1;

/**
 * Per event type, the upcaster from version n to n + 1, keyed by n. The current version of a type is one more than
 * its highest key (1 for a type without upcasters). Add a step here; never change or remove one.
 */
const upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  /** v1 → v2: the round's `dueDate` is called `deadline` (the word the programme office uses: *deadline*). */
  MonitoringRoundOpened: {
    1: ({ dueDate, ...rest }) => ({ ...rest, deadline: dueDate }),
  },
};

/** The schema version new events of this type are written with. */
export function currentSchemaVersion(type: string): number {
  const steps = Object.hasOwn(upcasters, type) ? Object.keys(upcasters[type]).map(Number) : [];
  return steps.length === 0 ? FIRST_SCHEMA_VERSION : Math.max(...steps) + 1;
}

/** The schema version an event's metadata names (1 when absent or not a positive whole number). */
export function storedSchemaVersion(metadata: object | undefined): number {
  const version = (metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : FIRST_SCHEMA_VERSION;
}

/**
 * Brings `data` of an event of `type` from `version` to the current version. Answers the same object when there is
 * nothing to do; a version newer than this code knows is handed back unchanged (it was written by newer code).
 */
export function upcastData(type: string, data: EventData, version: number): { data: EventData; version: number } {
  const steps = Object.hasOwn(upcasters, type) ? upcasters[type] : undefined;
  let current = data;
  let at = version;
  while (steps !== undefined && Object.hasOwn(steps, at)) {
    current = steps[at](current);
    at += 1;
  }
  return { data: current, version: at };
}
