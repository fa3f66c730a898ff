import type { Decider } from '../shared/decider.js';
import type { ActivityCommand, ActivityContext } from './activity.commands.js';
import { decideActivity } from './activity.decide.js';
import type { ActivityEvent } from './activity.events.js';
import { evolveActivity, initialActivityState } from './activity.state.js';
import type { ActivityState } from './activity.state.js';

/**
 * The activity stream (`activity-{id}`): plan, ambition, commitments, status reports, lead, borging, closure.
 * `PlanActivity`, `CommitPartner` and `ChangeActivityLead` need `{ regionMembers }`; `ReportStatus` `{ fixedPeriods }`.
 */
export const activityDecider: Decider<ActivityCommand, ActivityEvent, ActivityState, ActivityContext> = {
  decide: decideActivity,
  evolve: evolveActivity,
  initialState: initialActivityState,
  streamPrefix: 'activity',
};
