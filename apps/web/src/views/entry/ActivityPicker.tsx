/**
 * Region and activity for a form: a coordinator picks among their own regions only; the programme office any. Picking
 * another region clears the activity.
 */
import { useState } from 'react';
import { useActivities, useRegions } from '../../api/hooks.js';
import type { Activity, Session } from '../../api/types.js';
import { nl } from '../../nl.js';
import { Field } from './Field.js';

export function useFormRegions(session: Session): { id: string; name: string }[] {
  const regions = useRegions();
  const all = regions.data?.regions ?? [];
  if (session.roles.includes('programme_office')) return all;
  return all.filter((r) => session.regionIds.includes(r.id));
}

export function ActivityPicker({
  session,
  activityId,
  onActivity,
  error,
}: {
  session: Session;
  activityId: string;
  onActivity: (activity: Activity | undefined) => void;
  error?: string;
}) {
  const [regionId, setRegionId] = useState('');
  const regions = useFormRegions(session);
  const activities = useActivities({ regionId, limit: 1000 }, !!regionId);
  const list = activities.data?.activities ?? [];
  return (
    <>
      <Field label={nl.filters.regio}>
        <select
          value={regionId}
          onChange={(e) => {
            setRegionId(e.target.value);
            onActivity(undefined);
          }}
        >
          <option value="">{nl.entry.choose}</option>
          {regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={nl.entry.activity} error={error}>
        <select
          value={activityId}
          disabled={!regionId}
          onChange={(e) => onActivity(list.find((a) => a.id === e.target.value))}
        >
          <option value="">{nl.entry.choose}</option>
          {list.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
