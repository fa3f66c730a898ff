/**
 * A synthetic ledger for the benchmarks: deterministic (same options, same events), fast to make, and consistent with
 * the domain's rules, so every read model sees what real commands would have appended.
 *
 * What it holds: programme `pow` (2019-07 to 2021-12) and, from 2021, `rmt`, with a monitoring round per reporting
 * period; the 35 regions with 9–13 member partners each (a central municipality as lead, other municipalities, UWV,
 * the employers, an ROC, SBB and the province in every region; some employers, care providers and unions; a "project
 * tourist" that signs and promises but never delivers; in some regions an adviser that joins and later leaves, role
 * changes and renamed partners); activities planned in autumn 2019 (the doe-agenda), during 2020 and, for `rmt`, in
 * 2021, each with targets, a status report per period (some late, some skipped, some corrected later with a reason and
 * the previous values), an ambition adjustment after some `needs_adjustment` reports, the occasional lead change,
 * monthly commitments by member partners (most fulfilled after the month, some withdrawn, some left open), borging
 * steps from 2021 (`not_started` → `in_preparation` → `secured` with a mechanism, or `not_secured`) and a closure
 * (`completed` after the last report, or `stopped` early); per region a covenant (drafted, signed by every party, in
 * force, amended and signed again), cooperation agreements for groups of activities, an execution agenda for 2022 and
 * letters of intent (some never signed by every party, some terminated).
 *
 * Events come as commands (one or two events on one stream, recorded at one instant) in recording order, with the
 * metadata the command runner adds (actor, validFrom, commandId, correlation and causation ids, reason). The volume
 * is set by `events`: the commitments fill what the activities' other facts leave, and the log is cut at exactly
 * `events` in recording order. Facts that depend on another stream (a join before a commitment, a plan before the
 * agreement that names it) are days apart, so appending each short stretch of the log grouped by stream keeps them
 * in order.
 */
import { periodEnd, periodsBetween } from '../../libs/periods/src/index.js';
import { planActivities } from './ledger/activities.js';
import { planAgreements } from './ledger/agreements.js';
import { planCommitments } from './ledger/commitments.js';
import { newDraft } from './ledger/draft.js';
import { commandMaker } from './ledger/events.js';
import { planPartnersAndRegions } from './ledger/regions.js';
import { CATEGORIES, DAY, HOUR, K, PROGRAMMES, dayOf, type GeneratedLedger } from './ledger/vocabulary.js';

export interface LedgerOptions {
  /** How many events the ledger holds (cut at exactly this many in recording order). */
  events: number;
  /** How many activities (default: one per 400 events, at least 35). */
  activities?: number;
  /** Status reports per month instead of per quarter. */
  monthly?: boolean;
  seed?: number;
}

export { REGION_IDS, type GeneratedLedger, type LedgerCommand } from './ledger/vocabulary.js';
export { appendLedger, recordedEvents, type AppendOptions } from './ledger/append.js';

export function generateLedger(options: LedgerOptions): GeneratedLedger {
  const target = Math.max(1, Math.floor(options.events));
  const activityCount = Math.max(35, Math.floor(options.activities ?? target / 400));
  const d = newDraft(options.seed ?? 20_191_001, options.monthly === true);
  const { add, steps, interval } = d;

  // ---- programmes and monitoring rounds
  const programmePeriods = PROGRAMMES.map((p) => periodsBetween(p.start, p.end, interval));
  PROGRAMMES.forEach((p, i) => {
    add(dayOf(p.at) + 9 * HOUR, K.Launch, i);
    programmePeriods[i].forEach((period, n) => add(dayOf(periodEnd(period)) - 7 * DAY + 10 * HOUR, K.Round, i, n));
  });
  add(dayOf('2022-02-14') + 10 * HOUR, K.End, 0);

  const { partners, members, regions } = planPartnersAndRegions(d);
  const planned = planActivities(d, regions, activityCount);
  const { activities } = planned;
  const agreements = planAgreements(d, partners, regions, planned);
  planCommitments(d, regions, activities, target);

  // ---- recording order; cut at the target
  steps.sort((x, y) => x.at - y.at);
  let total = 0;
  let cut = steps.length;
  for (let i = 0; i < steps.length; i++) {
    const size = steps[i].k === K.Sign && steps[i].y === 1 ? 2 : 1;
    if (total + size > target) {
      cut = i;
      break;
    }
    total += size;
  }
  steps.length = cut;

  const plan = { partners, members, regions, activities, agreements, programmePeriods, interval };
  return {
    regionIds: regions.map((r) => r.id),
    activityIds: activities.map((a) => a.id),
    partnerIds: partners.map((p) => p.id),
    programmes: Object.fromEntries(
      PROGRAMMES.map((p, i) => [p.id, activities.filter((a) => a.programme === i).length]),
    ),
    categories: CATEGORIES,
    from: steps[0]?.at ?? 0,
    to: steps[steps.length - 1]?.at ?? 0,
    events: total,
    *commands() {
      const toCommand = commandMaker(plan);
      for (const step of steps) yield toCommand(step);
    },
  };
}
