/** Every read model the runner keeps, in the order it applies them. */
import type { Projection } from '@akkoord/projections';
import { activityStatusProjection } from './activity-status/activity-status.projection.js';
import { monitorProjection } from './monitor/monitor.projection.js';

export const allProjections: readonly Projection[] = [activityStatusProjection, monitorProjection];
