/** The Dutch words (and other spellings) of the domain's codes that a file may use. */
import {
  activityCategories,
  activityStatuses,
  commitmentKinds,
  type ActivityCategory,
  type ActivityStatus,
  type CommitmentKind,
} from '@akkoord/domain';
import type { Vocabulary } from '../../cells/cells.js';

export const categoryWords: Vocabulary<ActivityCategory> = {
  words: { supply: ['aanbod'], demand: ['vraag'], route: [], training: ['scholing'], collaboration: ['samenwerking'] },
};
export const statusWords: Vocabulary<ActivityStatus> = {
  words: {
    on_track: ['loopt naar wens'],
    at_risk: ['loopt nog niet zoals verwacht', 'realisatie lager dan ambitie'],
    needs_adjustment: ['blijft achter'],
  },
};
export const commitmentKindWords: Vocabulary<CommitmentKind> = {
  words: {
    budget_eur: ['budget', 'euro'],
    fte: [],
    placements: ['plaatsingen'],
    training_places: ['opleidingsplaatsen', 'scholingsplaatsen'],
    in_kind: ['in natura'],
  },
};
// The vocabularies must name every code of the domain: a new category must not slip through unnoticed.
for (const [codes, vocabulary] of [
  [activityCategories, categoryWords],
  [activityStatuses, statusWords],
  [commitmentKinds, commitmentKindWords],
] as const) {
  if (codes.some((code) => !Object.hasOwn(vocabulary.words, code))) throw new Error('A vocabulary misses a code.');
}
