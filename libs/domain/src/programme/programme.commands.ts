export type LaunchProgramme = {
  type: 'LaunchProgramme';
  data: { programmeId: string; name: string; owner: string; startDate: string; endDate: string };
};
/** `dueDate` is the round's deadline (the event calls it `deadline` since schema version 2). */
export type OpenMonitoringRound = {
  type: 'OpenMonitoringRound';
  data: { programmeId: string; period: string; dueDate: string };
};
/**
 * Fixes (*vaststellen*) a round: the application computes the monitor table as known at `fixedAt` and hands in its
 * SHA-256 (`tableHash`), so the decider stays pure; who fixed it is the command's actor.
 */
export type FixMonitoringRound = {
  type: 'FixMonitoringRound';
  data: { programmeId: string; period: string; fixedAt: string; tableHash: string; note?: string };
};
export type EndProgramme = { type: 'EndProgramme'; data: { programmeId: string } };

export type ProgrammeCommand = LaunchProgramme | OpenMonitoringRound | FixMonitoringRound | EndProgramme;
