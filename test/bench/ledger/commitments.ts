/** Commitments: monthly contributions by member partners, fulfilled, withdrawn or left open. */
import { periodEnd, periodStart, periodsBetween } from '../../../libs/periods/src/index.js';
import type { Draft } from './draft.js';
import { COMMITMENTS, DAY, K, dayOf, type ActivityInfo, type RegionInfo } from './vocabulary.js';

/** Fills what is left of `target` events with commitments and what became of them. */
export function planCommitments(d: Draft, regions: RegionInfo[], activities: ActivityInfo[], target: number): void {
  const { random, between, chance, officeHours, add, steps } = d;
  const activityCount = activities.length;
  const fixed = steps.reduce((sum, s) => sum + (s.k === K.Sign && s.y === 1 ? 2 : 1), 0);
  const budget = Math.max(0, target * 1.01 - fixed);
  /** Adds about `perActivity` commitments per activity with their fulfilments and withdrawals; answers the events. */
  const commit = (perActivity: number) => {
    const before = steps.length;
    for (const [a, info] of activities.entries()) {
      const region = regions[info.region];
      const months = periodsBetween(info.start, info.end, 'month');
      const p = perActivity / (months.length * region.committers.length);
      let n = 0;
      for (const [m, month] of months.entries()) {
        const monthStart = dayOf(periodStart(month));
        const monthEnd = dayOf(periodEnd(month));
        for (const who of region.committers) {
          for (let copies = Math.floor(p) + (chance(p % 1) ? 1 : 0); copies > 0; copies--) {
            const at = officeHours(Math.max(info.plannedAt + DAY, monthStart - Math.floor(between(0, 30)) * DAY));
            if (at >= info.closedAt || at >= monthEnd) break;
            n++;
            const kind = Math.floor(random() * COMMITMENTS.length);
            add(at, K.Commit, a, n, who, kind, m);
            const roll = random();
            if (region.tourists.has(who) ? roll < 0.3 : roll < 0.1) {
              const when = officeHours(at + between(1, Math.max(1.5, (monthEnd - at) / DAY)) * DAY);
              if (when < info.closedAt && when > at) add(when, K.Withdraw, a, n, who, Math.floor(random() * 4));
            } else if (!region.tourists.has(who) && roll < 0.88) {
              add(officeHours(monthEnd + Math.floor(between(5, 45)) * DAY), K.Fulfil, a, n, who, kind, random() * 1000);
            }
          }
        }
      }
    }
    return steps.length - before;
  };
  // a first pass shows how many events a commitment brings on average here; the second one fills the budget
  const mark = steps.length;
  const guess = budget / activityCount / 1.8;
  const made = commit(guess);
  if (made > 0 && made < budget) {
    steps.length = mark;
    commit((guess * budget) / made);
  }
}
