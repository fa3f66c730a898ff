export type ProgrammeLaunched = {
  type: 'ProgrammeLaunched';
  data: { programmeId: string; name: string; owner: string; startDate: string; endDate: string };
};
export type MonitoringRoundOpened = {
  type: 'MonitoringRoundOpened';
  data: { programmeId: string; period: string; dueDate: string };
};
export type ProgrammeEnded = { type: 'ProgrammeEnded'; data: { programmeId: string } };

export type ProgrammeEvent = ProgrammeLaunched | MonitoringRoundOpened | ProgrammeEnded;

export const programmeEventTypes = [
  'ProgrammeLaunched',
  'MonitoringRoundOpened',
  'ProgrammeEnded',
] as const satisfies readonly ProgrammeEvent['type'][];

/** The date from which the fact holds: a programme runs from its start date. */
export function programmeValidFrom(event: ProgrammeEvent): string | undefined {
  return event.type === 'ProgrammeLaunched' ? event.data.startDate : undefined;
}
