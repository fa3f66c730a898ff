/** Turning planned steps into commands: the events, with the metadata the command runner adds. */
import type { Actor } from '../../../libs/event-store/src/index.js';
import { periodEnd, periodsBetween } from '../../../libs/periods/src/index.js';
import type { LedgerCommand } from './vocabulary.js';
import type { PartnersAndRegions } from './regions.js';
import {
  BORGING,
  CATEGORIES,
  COMMITMENTS,
  CORRECTIONS,
  DAY,
  K,
  MECHANISMS,
  NOTES,
  PROGRAMMES,
  STATUSES,
  WITHDRAWALS,
  dateOf,
  dayOf,
  office,
  type ActivityInfo,
  type AgreementInfo,
  type Step,
} from './vocabulary.js';

export interface LedgerPlan extends PartnersAndRegions {
  activities: ActivityInfo[];
  agreements: AgreementInfo[];
  programmePeriods: string[][];
  interval: 'month' | 'quarter';
}

/** A fresh command maker (its ids count from 1). */
export function commandMaker({
  partners,
  members,
  regions,
  activities,
  agreements,
  programmePeriods,
  interval,
}: LedgerPlan): (s: Step) => LedgerCommand {
  let serial = 0;
  const uuid = (prefix: number) => {
    serial++;
    const hex = serial.toString(16).padStart(12, '0');
    return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
  };
  const representative = (p: number): Actor => ({
    userId: `rep-${partners[p].id}`,
    organisationId: partners[p].id,
    roles: ['partner_representative'],
    regionIds: [],
  });
  const representatives = new Map<number, Actor>();
  const repOf = (p: number) => {
    let actor = representatives.get(p);
    if (!actor) representatives.set(p, (actor = representative(p)));
    return actor;
  };
  const periodLists = new Map<string, string[]>();
  const periodsOf = (info: ActivityInfo, of: 'month' | 'quarter') => {
    const key = `${info.start}/${info.end}/${of}`;
    let list = periodLists.get(key);
    if (!list) periodLists.set(key, (list = periodsBetween(info.start, info.end, of)));
    return list;
  };
  const commitmentOf = (a: number, n: number) => `${activities[a].id}-c${n}`;
  const amountOf = (kind: number, a: number, n: number) => {
    const c = COMMITMENTS[kind];
    const steps = Math.round((c.max - c.min) / c.step);
    const k = (a * 7_919 + n * 104_729) % (steps + 1);
    return Math.round((c.min + k * c.step) * 10) / 10;
  };
  const realisedOf = (value: number) => [
    { indicator: 'placements', value },
    ...(value % 3 === 0 ? [{ indicator: 'trained', value: Math.floor(value / 2) }] : []),
  ];
  const targetsOf = (info: ActivityInfo, target: number) => [
    { indicator: 'placements', target, unit: 'people', dueDate: info.end },
  ];

  function toCommand(s: Step): LedgerCommand {
    let streamId: string;
    let actor: Actor = office;
    const events: { type: string; data: Record<string, unknown>; validFrom?: string }[] = [];
    const one = (type: string, data: Record<string, unknown>, validFrom?: string) =>
      events.push({ type, data, validFrom });
    switch (s.k) {
      case K.Launch: {
        const p = PROGRAMMES[s.a];
        streamId = `programme-${p.id}`;
        one(
          'ProgrammeLaunched',
          { programmeId: p.id, name: p.name, owner: p.owner, startDate: p.start, endDate: p.end },
          p.start,
        );
        break;
      }
      case K.Round: {
        const p = PROGRAMMES[s.a];
        const period = programmePeriods[s.a][s.n];
        streamId = `programme-${p.id}`;
        one('MonitoringRoundOpened', {
          programmeId: p.id,
          period,
          dueDate: dateOf(dayOf(periodEnd(period)) + 30 * DAY),
        });
        break;
      }
      case K.End:
        streamId = `programme-${PROGRAMMES[s.a].id}`;
        one('ProgrammeEnded', { programmeId: PROGRAMMES[s.a].id });
        break;
      case K.Region:
        streamId = `region-${regions[s.a].id}`;
        one('RegionRegistered', { regionId: regions[s.a].id, name: regions[s.a].name });
        break;
      case K.Partner: {
        const p = partners[s.a];
        streamId = `partner-${p.id}`;
        one('PartnerRegistered', { partnerId: p.id, name: p.name, kind: p.kind });
        break;
      }
      case K.Rename: {
        const p = partners[s.a];
        streamId = `partner-${p.id}`;
        one('PartnerRenamed', { partnerId: p.id, name: `${p.name} (na herindeling)`, previousName: p.name });
        break;
      }
      case K.Join:
      case K.RoleChange:
      case K.Leave: {
        const m = members[s.a];
        const region = regions[m.region];
        streamId = `region-${region.id}`;
        actor = s.k === K.Join ? office : region.coordinator;
        const base = { regionId: region.id, partnerId: partners[m.partner].id };
        if (s.k === K.Join) one('PartnerJoinedRegion', { ...base, role: m.role });
        else if (s.k === K.RoleChange) {
          one('PartnerRoleChanged', { ...base, role: m.role, previousRole: m.previousRole });
        } else one('PartnerLeftRegion', { ...base, reason: 'Opdracht afgerond.' });
        break;
      }
      default: {
        if (s.k >= K.Draft) {
          const info = agreements[s.a];
          const region = regions[info.region];
          streamId = `agreement-${info.id}`;
          actor = region.coordinator;
          const agreementId = info.id;
          if (s.k === K.Draft) {
            one(
              'AgreementDrafted',
              {
                agreementId,
                regionId: region.id,
                kind: info.kind,
                title: info.title,
                parties: info.parties.map((p) => partners[p].id),
                activityIds: info.activities.map((a) => activities[a].id),
                terms: info.terms[0],
                termsHash: info.hashes[0],
                version: 1,
                validFrom: info.validFrom,
                ...(info.validUntil !== undefined && { validUntil: info.validUntil }),
              },
              info.validFrom,
            );
          } else if (s.k === K.Sign) {
            actor = repOf(s.x);
            const signedOn = dateOf(s.at);
            one(
              'AgreementSigned',
              {
                agreementId,
                partnerId: partners[s.x].id,
                signatory: { name: `Bestuurder ${partners[s.x].name}`, function: 'directeur' },
                termsHash: info.hashes[s.n - 1],
                version: s.n,
                signedOn,
              },
              signedOn,
            );
            if (s.y === 1) one('AgreementInForce', { agreementId, version: s.n });
          } else if (s.k === K.Amend) {
            one('AgreementAmended', {
              agreementId,
              terms: info.terms[s.n - 1],
              termsHash: info.hashes[s.n - 1],
              version: s.n,
              reason: 'Afspraken bijgesteld in de regiegroep.',
            });
          } else {
            one('AgreementTerminated', { agreementId, by: partners[s.x].id, reason: 'Doel bereikt.' });
          }
          break;
        }
        const info = activities[s.a];
        const region = regions[info.region];
        const activityId = info.id;
        streamId = `activity-${activityId}`;
        actor = region.coordinator;
        switch (s.k) {
          case K.Plan:
            one(
              'ActivityPlanned',
              {
                activityId,
                regionId: region.id,
                programmeId: PROGRAMMES[info.programme].id,
                title: `${CATEGORIES[info.category]} ${region.name} ${s.a + 1}`,
                category: CATEGORIES[info.category],
                leadPartnerId: partners[info.lead].id,
                targets: targetsOf(info, info.target),
                startDate: info.start,
                endDate: info.end,
              },
              info.start,
            );
            break;
          case K.Report:
          case K.Correct: {
            const period = periodsOf(info, interval)[s.n];
            const validFrom = periodEnd(period);
            const note = NOTES[(s.a + s.n) % NOTES.length];
            const data: Record<string, unknown> = {
              activityId,
              period,
              status: STATUSES[s.k === K.Report ? s.x : Math.floor(s.x / 3)],
              realised: realisedOf(s.y),
              ...(note !== undefined && { note }),
              validFrom,
            };
            if (s.k === K.Correct) {
              data.reason = CORRECTIONS[(s.a + s.n) % CORRECTIONS.length];
              data.previous = { status: STATUSES[s.x % 3], realised: realisedOf(s.z) };
            }
            one(s.k === K.Report ? 'ActivityStatusReported' : 'ActivityStatusCorrected', data, validFrom);
            break;
          }
          case K.Adjust:
            one('ActivityAmbitionAdjusted', {
              activityId,
              targets: targetsOf(info, s.x),
              reason: 'Ambitie bijgesteld na de monitorrapportage.',
            });
            break;
          case K.Lead:
            one('ActivityLeadChanged', {
              activityId,
              leadPartnerId: partners[s.x].id,
              previousLeadPartnerId: partners[s.y].id,
              reason: 'Trekkerschap overgedragen.',
            });
            break;
          case K.Borging: {
            const effectiveFrom = dateOf(s.at);
            one(
              'BorgingRecorded',
              {
                activityId,
                state: BORGING[s.x],
                ...(s.n >= 0 && { mechanism: MECHANISMS[s.n] }),
                effectiveFrom,
                ...(s.z >= 0 && { ownerPartnerId: partners[s.z].id }),
                previousState: s.x === 0 ? 'not_started' : BORGING[s.y],
              },
              effectiveFrom,
            );
            break;
          }
          case K.Close:
            one('ActivityClosed', {
              activityId,
              outcome: s.x === 1 ? 'stopped' : 'completed',
              reason: s.x === 1 ? 'Onvoldoende instroom; middelen naar een andere actie.' : 'Looptijd verstreken.',
            });
            break;
          case K.Commit: {
            const c = COMMITMENTS[s.y];
            actor = repOf(s.x);
            one('PartnerCommitted', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              kind: c.kind,
              amount: amountOf(s.y, s.a, s.n),
              unit: c.unit,
              period: periodsOf(info, 'month')[s.z],
            });
            break;
          }
          case K.Fulfil: {
            actor = s.z < 500 ? repOf(s.x) : region.coordinator;
            const amount = amountOf(s.y, s.a, s.n);
            one('CommitmentFulfilled', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              realisedAmount: Math.round(amount * (0.6 + (s.z % 500) / 1000) * 10) / 10,
            });
            break;
          }
          case K.Withdraw:
            actor = repOf(s.x);
            one('CommitmentWithdrawn', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              reason: WITHDRAWALS[s.y],
            });
            break;
        }
      }
    }
    const commandId = uuid(0xc0);
    return {
      at: s.at,
      streamId: streamId!,
      events: events.map((e) => {
        const reason = e.data.reason;
        return {
          eventId: uuid(0xe0),
          type: e.type,
          data: e.data,
          metadata: {
            actor,
            ...(e.validFrom !== undefined && { validFrom: e.validFrom }),
            commandId,
            correlationId: commandId,
            causationId: commandId,
            ...(typeof reason === 'string' && { reason }),
          },
        };
      }),
    };
  }
  return toCommand;
}
