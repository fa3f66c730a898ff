import type { ActivityCategory, ActivityStatus } from './activities.js';
import type { EventDescription, RecordedBy } from './events.js';

/** By the latest reported status; `unreported` when an activity has no report yet. */
export type RegionStatusCounts = Record<ActivityStatus | 'unreported', number>;

/** `GET /api/regions/:id` */
export interface RegionView {
  id: string;
  name: string;
  members: { partnerId: string; name: string | null; role: string; joinedAt: string }[];
  activities: {
    total: number;
    byCategory: Record<ActivityCategory, number>;
    byStatus: RegionStatusCounts;
    closed: number;
  };
}

export interface TimelineEvent {
  position: number;
  recordedAt: string;
  validFrom: string | null;
  type: string;
  streamId: string;
  actor: RecordedBy;
  description: EventDescription;
}

/** `GET /api/regions/:id/timeline` */
export interface RegionTimeline {
  regionId: string;
  events: TimelineEvent[];
  /** Where the next page starts: one past the last event returned (`fromPosition` again when none matched). */
  nextPosition: number;
}

export type ChangeKind = 'member' | 'activity' | 'commitment' | 'agreement' | 'borging' | 'status';

export interface Change {
  kind: ChangeKind;
  id: string;
  /** A human title or name. */
  label: string;
  before?: string;
  after?: string;
}

/** `GET /api/regions/:id/changes` */
export interface RegionChanges {
  regionId: string;
  from: string;
  to: string;
  added: Change[];
  changed: Change[];
  ended: Change[];
}
