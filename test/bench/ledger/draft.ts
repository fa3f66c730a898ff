/** What the generator's parts share while they plan the ledger: the seeded dice and the steps planned so far. */
import { DAY, HOUR, generator, type ActivityInfo, type Kind, type Step } from './vocabulary.js';

export interface Draft {
  random: () => number;
  between(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  /** A moment during office hours on the day of `ms` (whole seconds). */
  officeHours(ms: number): number;
  interval: 'month' | 'quarter';
  steps: Step[];
  /** Plans a step; answers its instant. */
  add(at: number, k: Kind, a: number, n?: number, x?: number, y?: number, z?: number): number;
}

export function newDraft(seed: number, monthly: boolean): Draft {
  const random = generator(seed);
  const between = (min: number, max: number) => min + random() * (max - min);
  const steps: Step[] = [];
  return {
    random,
    between,
    pick: <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)],
    chance: (p: number) => random() < p,
    officeHours: (ms: number) => Math.floor(ms / DAY) * DAY + Math.floor(between(8 * HOUR, 18 * HOUR) / 1000) * 1000,
    interval: monthly ? 'month' : 'quarter',
    steps,
    add: (at, k, a, n = 0, x = 0, y = 0, z = 0) => {
      steps.push({ at, k, a, n, x, y, z });
      return at;
    },
  };
}

/** The activities planned, and which of them each region holds (by index). */
export interface PlannedActivities {
  activities: ActivityInfo[];
  byRegion: number[][];
}
