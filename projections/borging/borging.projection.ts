import type { RecordedEvent } from '@akkoord/event-store';
import { TEMPORAL_COLUMNS, type Projection, type Sql } from '@akkoord/projections';

/**
 * Borging (continuation after the programme) per activity. `borging_steps` is append-only: one row per
 * `BorgingRecorded` with its dates and actor, the history as it was recorded (with the activity's region and
 * programme, so that "what held on a date" filters without a join). `borging_activities` holds each activity's region,
 * programme, category and borging in recording time: a step closes the activity's row and opens the next, so the
 * overview at any `asOf` is one index seek per activity, never a replay.
 */
export const borgingProjection: Projection = {
  name: 'borging',
  version: 1,
  tables: ['borging_steps', 'borging_activities'],
  eventTypes: ['ActivityPlanned', 'BorgingRecorded'],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS borging_steps (
        activity_id TEXT NOT NULL, region_id TEXT NOT NULL, programme_id TEXT NOT NULL,
        state TEXT NOT NULL, previous_state TEXT NOT NULL, mechanism TEXT,
        effective_from TEXT NOT NULL, owner_partner_id TEXT, note TEXT, recorded_at TEXT NOT NULL,
        actor_user_id TEXT NOT NULL, actor_organisation_id TEXT NOT NULL, position BIGINT NOT NULL PRIMARY KEY
      );
      CREATE INDEX IF NOT EXISTS borging_steps_activity ON borging_steps (activity_id, position);
      CREATE TABLE IF NOT EXISTS borging_activities (
        activity_id TEXT NOT NULL, region_id TEXT NOT NULL, programme_id TEXT NOT NULL, category TEXT NOT NULL,
        state TEXT NOT NULL, mechanism TEXT, effective_from TEXT, position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE UNIQUE INDEX IF NOT EXISTS borging_activities_chain ON borging_activities (activity_id, recorded_from);
      CREATE INDEX IF NOT EXISTS borging_activities_open ON borging_activities (recorded_to, region_id);
    `);
  },

  async apply(sql, event) {
    if (event.type === 'ActivityPlanned') return planned(sql, event);
    if (event.type === 'BorgingRecorded') return recorded(sql, event);
  },
};

export interface BorgingStepRow {
  activity_id: string;
  region_id: string;
  programme_id: string;
  state: string;
  previous_state: string;
  mechanism: string | null;
  effective_from: string;
  owner_partner_id: string | null;
  note: string | null;
  recorded_at: string;
  actor_user_id: string;
  actor_organisation_id: string;
  position: number;
}

export interface BorgingActivityRow {
  activity_id: string;
  region_id: string;
  programme_id: string;
  category: string;
  state: string;
  mechanism: string | null;
  effective_from: string | null;
  position: number;
  recorded_from: string;
  recorded_to: string | null;
}

async function planned(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string>;
  await sql.run(
    `INSERT INTO borging_activities (activity_id, region_id, programme_id, category, state, mechanism, effective_from,
       position, recorded_from) VALUES (?, ?, ?, ?, 'not_started', NULL, NULL, ?, ?)`,
    [d.activityId, d.regionId, d.programmeId, d.category, event.globalPosition, event.metadata.recordedAt],
  );
}

/** Appends the step, then closes the activity's current row and opens the next (in place within one instant). */
async function recorded(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string | undefined>;
  const at = event.metadata.recordedAt;
  const mechanism = d.mechanism ?? null;
  // an activity's rows form a chain in recording time: its latest row is its current one
  const current = await sql.get<BorgingActivityRow>(
    'SELECT * FROM borging_activities WHERE activity_id = ? ORDER BY recorded_from DESC LIMIT 1',
    [d.activityId],
  );
  if (!current) return;
  await sql.run(
    `INSERT INTO borging_steps (activity_id, region_id, programme_id, state, previous_state, mechanism, effective_from,
       owner_partner_id, note, recorded_at, actor_user_id, actor_organisation_id, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      d.activityId,
      current.region_id,
      current.programme_id,
      d.state,
      d.previousState,
      mechanism,
      d.effectiveFrom,
      d.ownerPartnerId ?? null,
      d.note ?? null,
      at,
      event.metadata.actor.userId,
      event.metadata.actor.organisationId,
      event.globalPosition,
    ],
  );
  if (current.recorded_from === at) {
    await sql.run(
      `UPDATE borging_activities SET state = ?, mechanism = ?, effective_from = ?, position = ?
        WHERE activity_id = ? AND recorded_from = ?`,
      [d.state, mechanism, d.effectiveFrom, event.globalPosition, d.activityId, at],
    );
    return;
  }
  await sql.run('UPDATE borging_activities SET recorded_to = ? WHERE activity_id = ? AND recorded_from = ?', [
    at,
    d.activityId,
    current.recorded_from,
  ]);
  await sql.run(
    `INSERT INTO borging_activities (activity_id, region_id, programme_id, category, state, mechanism, effective_from,
       position, recorded_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      current.activity_id,
      current.region_id,
      current.programme_id,
      current.category,
      d.state,
      mechanism,
      d.effectiveFrom,
      event.globalPosition,
      at,
    ],
  );
}
