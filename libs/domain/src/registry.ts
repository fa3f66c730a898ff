import type { AgreementCommand, AgreementContext } from './agreement/agreement.commands.js';
import { agreementDecider } from './agreement/agreement.decider.js';
import { agreementEventTypes, agreementValidFrom } from './agreement/agreement.events.js';
import type { AgreementEvent } from './agreement/agreement.events.js';
import type { ActivityCommand, ActivityContext } from './activity/activity.commands.js';
import { activityDecider } from './activity/activity.decider.js';
import { activityEventTypes, activityValidFrom } from './activity/activity.events.js';
import type { ActivityEvent } from './activity/activity.events.js';
import type { PartnerCommand } from './partner/partner.commands.js';
import { partnerDecider } from './partner/partner.decider.js';
import { partnerEventTypes, partnerValidFrom } from './partner/partner.events.js';
import type { PartnerEvent } from './partner/partner.events.js';
import type { ProgrammeCommand } from './programme/programme.commands.js';
import { programmeDecider } from './programme/programme.decider.js';
import { programmeEventTypes, programmeValidFrom } from './programme/programme.events.js';
import type { ProgrammeEvent } from './programme/programme.events.js';
import type { RegionCommand, RegionContext } from './region/region.commands.js';
import { regionDecider } from './region/region.decider.js';
import { regionEventTypes, regionValidFrom } from './region/region.events.js';
import type { RegionEvent } from './region/region.events.js';
import { ActivityRule } from './activity/activity.decide.js';
import { AgreementRule } from './agreement/agreement.decide.js';
import { PartnerRule } from './partner/partner.decide.js';
import { ProgrammeRule } from './programme/programme.decide.js';
import { RegionRule } from './region/region.decide.js';
import { CommonRule } from './shared/errors.js';
import { stateFrom, streamIdOf } from './shared/decider.js';
import type { Decider, Message } from './shared/decider.js';

/** Every aggregate's decider, by name; the name is also the stream prefix. */
export const deciders = {
  programme: programmeDecider,
  partner: partnerDecider,
  region: regionDecider,
  activity: activityDecider,
  agreement: agreementDecider,
} as const;

/** Every rule code a `RuleViolation` (or `NotFound`) can carry. */
export const Rule = {
  ...CommonRule,
  ...ProgrammeRule,
  ...PartnerRule,
  ...RegionRule,
  ...ActivityRule,
  ...AgreementRule,
} as const;
export type RuleCode = (typeof Rule)[keyof typeof Rule];

export type AggregateName = keyof typeof deciders;
export type DomainCommand = ProgrammeCommand | PartnerCommand | RegionCommand | ActivityCommand | AgreementCommand;
export type DomainEvent = ProgrammeEvent | PartnerEvent | RegionEvent | ActivityEvent | AgreementEvent;
export type CommandType = DomainCommand['type'];
export type EventType = DomainEvent['type'];

/** Everything any command may need from outside its stream; each command reads only its own field(s). */
export interface DomainContext extends RegionContext, ActivityContext, AgreementContext {}
export type ContextField = keyof DomainContext;

type CommandsOf = {
  programme: ProgrammeCommand;
  partner: PartnerCommand;
  region: RegionCommand;
  activity: ActivityCommand;
  agreement: AgreementCommand;
};
type AggregateOf<T extends CommandType> = {
  [A in AggregateName]: T extends CommandsOf[A]['type'] ? A : never;
}[AggregateName];

/** How the application handles one command type: which stream, which decider, and what context to read first. */
export interface CommandRoute<T extends CommandType> {
  aggregate: AggregateOf<T>;
  decider: (typeof deciders)[AggregateOf<T>];
  streamId(command: Extract<DomainCommand, { type: T }>): string;
  /** The context field the application must fill before calling decide, if any. */
  needs?: ContextField;
}

type IdKey = 'programmeId' | 'partnerId' | 'regionId' | 'activityId' | 'agreementId';

function route<T extends CommandType>(aggregate: AggregateOf<T>, idKey: IdKey, needs?: ContextField): CommandRoute<T> {
  const streamId = (command: Extract<DomainCommand, { type: T }>) =>
    streamIdOf(aggregate, (command.data as Record<IdKey, string>)[idKey]);
  return needs
    ? { aggregate, decider: deciders[aggregate], streamId, needs }
    : { aggregate, decider: deciders[aggregate], streamId };
}

/** Command type → the aggregate that decides it. */
export const commandRoutes: { [T in CommandType]: CommandRoute<T> } = {
  LaunchProgramme: route('programme', 'programmeId'),
  OpenMonitoringRound: route('programme', 'programmeId'),
  FixMonitoringRound: route('programme', 'programmeId'),
  EndProgramme: route('programme', 'programmeId'),
  RegisterPartner: route('partner', 'partnerId'),
  RenamePartner: route('partner', 'partnerId'),
  RegisterRegion: route('region', 'regionId'),
  JoinRegion: route('region', 'regionId', 'partnerRegistered'),
  ChangePartnerRole: route('region', 'regionId'),
  LeaveRegion: route('region', 'regionId'),
  PlanActivity: route('activity', 'activityId', 'regionMembers'),
  AdjustAmbition: route('activity', 'activityId'),
  CommitPartner: route('activity', 'activityId', 'regionMembers'),
  WithdrawCommitment: route('activity', 'activityId'),
  FulfilCommitment: route('activity', 'activityId'),
  ReportStatus: route('activity', 'activityId', 'fixedPeriods'),
  ChangeActivityLead: route('activity', 'activityId', 'regionMembers'),
  RecordBorging: route('activity', 'activityId'),
  CloseActivity: route('activity', 'activityId'),
  DraftAgreement: route('agreement', 'agreementId'),
  SignAgreement: route('agreement', 'agreementId', 'actorOrganisationId'),
  AmendAgreement: route('agreement', 'agreementId'),
  TerminateAgreement: route('agreement', 'agreementId'),
};

type LooseDecider = Decider<Message, Message, unknown, DomainContext>;
type LooseRoute = { aggregate: AggregateName; streamId(command: DomainCommand): string; needs?: ContextField };

/** The route of any command, without the per-type generics (what a generic command handler wants). */
export function routeOf(command: DomainCommand): LooseRoute & { decider: LooseDecider } {
  const found = commandRoutes[command.type] as unknown as LooseRoute;
  return { ...found, decider: deciders[found.aggregate] as unknown as LooseDecider };
}

/** The stream a command appends to: `activity-{activityId}` and so on. */
export function streamIdFor(command: DomainCommand): string {
  return routeOf(command).streamId(command);
}

/** Folds the stream's history and decides: the whole write-side rule in one pure call. */
export function decideCommand(
  command: DomainCommand,
  history: readonly DomainEvent[],
  context?: DomainContext,
): DomainEvent[] {
  const { decider } = routeOf(command);
  return decider.decide(command, stateFrom(decider, history), context) as DomainEvent[];
}

const eventAggregates = new Map<string, AggregateName>([
  ...programmeEventTypes.map((type) => [type, 'programme'] as const),
  ...partnerEventTypes.map((type) => [type, 'partner'] as const),
  ...regionEventTypes.map((type) => [type, 'region'] as const),
  ...activityEventTypes.map((type) => [type, 'activity'] as const),
  ...agreementEventTypes.map((type) => [type, 'agreement'] as const),
]);

/** The aggregate an event type belongs to, or undefined for a type the domain does not know. */
export function aggregateOfEvent(type: string): AggregateName | undefined {
  return eventAggregates.get(type);
}

/** The date from which an event's fact holds (envelope `validFrom`), where the fact has one. */
export function validFromOf(event: DomainEvent): string | undefined {
  switch (aggregateOfEvent(event.type)) {
    case 'programme':
      return programmeValidFrom(event as ProgrammeEvent);
    case 'partner':
      return partnerValidFrom(event as PartnerEvent);
    case 'region':
      return regionValidFrom(event as RegionEvent);
    case 'activity':
      return activityValidFrom(event as ActivityEvent);
    case 'agreement':
      return agreementValidFrom(event as AgreementEvent);
    default:
      return undefined;
  }
}
