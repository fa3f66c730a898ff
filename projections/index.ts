/** Every read model the runner keeps, in the order it applies them. */
import type { Projection } from '@akkoord/projections';
import { activityStatusProjection } from './activity-status/activity-status.projection.js';
import { auditProjection } from './audit/audit.projection.js';
import { borgingProjection } from './borging/borging.projection.js';
import { catalogueProjection } from './catalogue/catalogue.projection.js';
import { monitorProjection } from './monitor/monitor.projection.js';
import { partnerInvolvementProjection } from './partner-involvement/partner-involvement.projection.js';
import { regionTimelineProjection } from './region-timeline/region-timeline.projection.js';
import { timeseriesProjection } from './timeseries/timeseries.projection.js';

export const allProjections: readonly Projection[] = [
  activityStatusProjection,
  monitorProjection,
  timeseriesProjection,
  partnerInvolvementProjection,
  borgingProjection,
  auditProjection,
  regionTimelineProjection,
  catalogueProjection,
];
