export type ProgrammeLaunched = {
  type: 'ProgrammeLaunched';
  data: { programmeId: string; name: string; owner: string; startDate: string; endDate: string };
};
/**
 * Schema version 2: `deadline` (version 1 called it `dueDate`; the upcaster in libs/domain/src/upcasting renames it
 * on read, so nothing after the store sees `dueDate`).
 */
export type MonitoringRoundOpened = {
  type: 'MonitoringRoundOpened';
  data: { programmeId: string; period: string; deadline: string };
};
/** The round is fixed (*vastgesteld*): the monitor table as known at `fixedAt` hashes to `tableHash` (SHA-256, hex). */
export type MonitoringRoundFixed = {
  type: 'MonitoringRoundFixed';
  data: { programmeId: string; period: string; fixedAt: string; tableHash: string; note?: string };
};
export type ProgrammeEnded = { type: 'ProgrammeEnded'; data: { programmeId: string } };

export type ProgrammeEvent = ProgrammeLaunched | MonitoringRoundOpened | MonitoringRoundFixed | ProgrammeEnded;

export const programmeEventTypes = [
  'ProgrammeLaunched',
  'MonitoringRoundOpened',
  'MonitoringRoundFixed',
  'ProgrammeEnded',
] as const satisfies readonly ProgrammeEvent['type'][];

/** The date from which the fact holds: a programme runs from its start date. */
export function programmeValidFrom(event: ProgrammeEvent): string | undefined {
  return event.type === 'ProgrammeLaunched' ? event.data.startDate : undefined;
}
