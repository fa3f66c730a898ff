export type LaunchProgramme = {
  type: 'LaunchProgramme';
  data: { programmeId: string; name: string; owner: string; startDate: string; endDate: string };
};
export type OpenMonitoringRound = {
  type: 'OpenMonitoringRound';
  data: { programmeId: string; period: string; dueDate: string };
};
export type EndProgramme = { type: 'EndProgramme'; data: { programmeId: string } };

export type ProgrammeCommand = LaunchProgramme | OpenMonitoringRound | EndProgramme;
