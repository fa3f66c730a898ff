/** Activities: plan, status reports, corrections, adjustments, lead changes, borging, closure. */
import { periodEnd, periodsBetween } from '../../../libs/periods/src/index.js';
import type { Draft, PlannedActivities } from './draft.js';
import { CATEGORIES, K, PROGRAMMES, dateOf, dayOf, DAY, type ActivityInfo, type RegionInfo } from './vocabulary.js';

export function planActivities(d: Draft, regions: RegionInfo[], activityCount: number): PlannedActivities {
  const { random, between, pick, chance, officeHours, add, interval } = d;
  const activities: ActivityInfo[] = [];
  const byRegion: number[][] = regions.map(() => []);
  for (let a = 0; a < activityCount; a++) {
    const region = a % regions.length;
    const programme = a % 10 === 9 ? 1 : 0;
    const doeAgenda = programme === 0 && chance(0.8);
    const plannedAt = officeHours(
      programme === 1
        ? dayOf('2021-01-05') + Math.floor(random() * 85) * DAY
        : doeAgenda
          ? dayOf('2019-09-02') + Math.floor(random() * 105) * DAY
          : dayOf('2020-01-06') + Math.floor(random() * 260) * DAY,
    );
    const planned = new Date(plannedAt);
    const start = dateOf(Date.UTC(planned.getUTCFullYear(), planned.getUTCMonth() + 1, 1));
    const end = PROGRAMMES[programme].end;
    const stopped = chance(0.08);
    const info: ActivityInfo = {
      id: `act-${String(a + 1).padStart(5, '0')}`,
      region,
      programme,
      category: Math.floor(random() * CATEGORIES.length),
      lead: pick(regions[region].leads),
      plannedAt,
      start,
      end,
      target: 20 + Math.floor(random() * 30) * 10,
      closedAt: stopped
        ? officeHours(dayOf(start) + Math.floor(between(200, dayOf(end) / DAY - dayOf(start) / DAY - 60)) * DAY)
        : Infinity,
    };
    activities.push(info);
    byRegion[region].push(a);
    add(plannedAt, K.Plan, a);

    // status reports per period, while open
    const tendency = random();
    let realised = 0;
    let last = plannedAt;
    let adjusted = 0;
    for (const [n, period] of periodsBetween(start, end, interval).entries()) {
      const due = dayOf(periodEnd(period)) + DAY;
      const roll = random();
      if (roll < 0.05) continue;
      const at = officeHours(due + (roll < 0.12 ? between(60, 120) : between(0, 25)) * DAY);
      if (at >= info.closedAt) break;
      const s = random() < tendency * 0.9 ? 0 : random() < 0.86 ? 1 : 2;
      realised += Math.floor(random() * (info.target / 6));
      add(at, K.Report, a, n, s, realised);
      last = Math.max(last, at);
      if (chance(0.1)) {
        const when = at + Math.floor(between(5, 40)) * DAY;
        if (when < info.closedAt) {
          const corrected = (s + 1 + Math.floor(random() * 2)) % 3;
          add(when, K.Correct, a, n, corrected * 3 + s, realised + 1 + Math.floor(random() * 5), realised);
          last = Math.max(last, when);
        }
      }
      if (s === 2 && adjusted < 2 && chance(0.5)) {
        const when = at + Math.floor(between(10, 30)) * DAY;
        if (when < info.closedAt) {
          adjusted++;
          add(when, K.Adjust, a, adjusted, info.target + adjusted * 10);
          last = Math.max(last, when);
        }
      }
    }
    // closure: stopped early, or completed after the last report
    if (info.closedAt !== Infinity) add(info.closedAt, K.Close, a, 0, 1);
    else {
      info.closedAt = officeHours(Math.max(last, dayOf(end)) + Math.floor(between(10, 45)) * DAY);
      add(info.closedAt, K.Close, a, 0, 0);
    }
    if (chance(0.05)) {
      const leads = regions[region].leads.filter((p) => p !== info.lead);
      const when = officeHours(plannedAt + between(120, 400) * DAY);
      if (when < info.closedAt && leads.length > 0) add(when, K.Lead, a, 0, pick(leads), info.lead);
    }
    // borging: from 2021 (pow) or 2022 (rmt); a stopped activity is not secured
    const borgingFrom = dayOf(programme === 0 ? '2021-02-01' : '2022-02-01');
    if (stopped) {
      const when = Math.max(info.closedAt + Math.floor(between(5, 30)) * DAY, borgingFrom);
      add(officeHours(when), K.Borging, a, 5, 3, 0, -1);
    } else if (chance(0.9)) {
      let at = officeHours(borgingFrom + Math.floor(random() * 180) * DAY);
      if (chance(0.2)) {
        add(at, K.Borging, a, -1, 0, 0, -1);
        at = officeHours(at + Math.floor(between(20, 90)) * DAY);
      }
      add(at, K.Borging, a, -1, 1, 0, -1);
      if (chance(0.85)) {
        at = officeHours(at + Math.floor(between(60, 300)) * DAY);
        if (chance(0.7)) add(at, K.Borging, a, Math.floor(random() * 5), 2, 1, chance(0.6) ? info.lead : -1);
        else add(at, K.Borging, a, -1, 3, 1, -1);
      }
    }
  }
  return { activities, byRegion };
}
