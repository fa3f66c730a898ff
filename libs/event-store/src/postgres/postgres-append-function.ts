/** The NOTIFY channel every Akkoord ledger in a database shares; the payload names the schema. */
export const APPEND_CHANNEL = 'akkoord_appended';

/**
 * Migration 2: `akkoord_append(batch jsonb)`, the whole write side of a group commit in one statement.
 *
 * The batch is a JSON array of appends, `{s: streamId, e: expected version, t: the clock's instant, ev: [{event_id,
 * type, data, metadata}]}`, handled in order. It locks the head row first (so positions are assigned, and become
 * visible, strictly one transaction after the other, across processes), then for each append: an event id already
 * stored answers `repeat` (same stream: the caller reads the first result) or `duplicate` (another stream); a failed
 * version check answers `conflict` with the actual version; otherwise the events are inserted with the next positions
 * and `ok` answers the last position, the last version and the recordedAt given. Appends that fail their check store
 * nothing and do not disturb the others, without a subtransaction each. Later appends of the batch see the earlier
 * ones (same transaction), so two appends of one stream or one retried command in one batch behave as if sent one
 * after the other. A unique violation (another event id of the append already stored) aborts the statement; the
 * caller then retries the batch's appends one by one.
 *
 * Sent as a single statement outside BEGIN/COMMIT, it commits on its own: one round trip per batch.
 */
export function appendFunctionSql(s: string): string {
  // s is the quoted schema name; the NOTIFY payload is the bare name, as a SQL string literal.
  const literal = (quoted: string) => quoted.slice(1, -1).replace(/""/g, '"').replace(/'/g, "''");
  return `
    CREATE OR REPLACE FUNCTION ${s}.akkoord_append(batch jsonb)
      RETURNS TABLE (outcome text, last_position bigint, version integer, recorded text, hit_event text, hit_stream text)
      LANGUAGE plpgsql AS $fn$
    DECLARE
      head_pos  bigint;
      head_at   text COLLATE "C";
      rec_at    text COLLATE "C";
      a         jsonb;
      sid       text;
      expected  jsonb;
      actual    integer;
      n         integer;
      hit       record;
      appended  boolean := false;
    BEGIN
      SELECT h.position, h.recorded_at INTO head_pos, head_at FROM ${s}.akkoord_head h WHERE h.id = 1 FOR UPDATE;
      FOR a IN SELECT value FROM jsonb_array_elements(batch) LOOP
        sid := a->>'s';
        SELECT e.event_id, e.stream_id INTO hit FROM ${s}.events e WHERE e.event_id = a->'ev'->0->>'event_id';
        IF FOUND THEN
          RETURN QUERY SELECT CASE WHEN hit.stream_id = sid THEN 'repeat' ELSE 'duplicate' END,
                              NULL::bigint, NULL::integer, NULL::text, hit.event_id::text, hit.stream_id::text;
          CONTINUE;
        END IF;
        actual := coalesce((SELECT max(e.stream_version) FROM ${s}.events e WHERE e.stream_id = sid), -1);
        expected := a->'e';
        IF NOT (expected = '"any"'
                OR (expected = '"no_stream"' AND actual = -1)
                OR (expected = '"stream_exists"' AND actual >= 0)
                OR (jsonb_typeof(expected) = 'number' AND expected::text::integer = actual)) THEN
          RETURN QUERY SELECT 'conflict'::text, NULL::bigint, actual, NULL::text, NULL::text, NULL::text;
          CONTINUE;
        END IF;
        rec_at := greatest(head_at, (a->>'t') COLLATE "C");
        INSERT INTO ${s}.events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at)
        SELECT head_pos + t.i, sid, actual + t.i::integer, t.event_id, t.type, t.data,
               t.metadata || jsonb_build_object('recordedAt', rec_at), rec_at
          FROM ROWS FROM (jsonb_to_recordset(a->'ev') AS (event_id text, type text, data jsonb, metadata jsonb))
               WITH ORDINALITY AS t(event_id, type, data, metadata, i);
        GET DIAGNOSTICS n = ROW_COUNT;
        head_pos := head_pos + n;
        head_at := rec_at;
        appended := true;
        RETURN QUERY SELECT 'ok'::text, head_pos, actual + n, rec_at::text, NULL::text, NULL::text;
      END LOOP;
      IF appended THEN
        UPDATE ${s}.akkoord_head SET position = head_pos, recorded_at = head_at WHERE id = 1;
        PERFORM pg_notify('${APPEND_CHANNEL}', '${literal(s)}');
      END IF;
    END
    $fn$;
  `;
}
