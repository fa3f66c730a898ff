/** The activities counted in the chosen monitor cell (`categorie` and `status` in the URL). */
import { Link } from 'react-router';
import { useMonitorActivities } from '../../api/hooks.js';
import type { ActivityRef } from '../../api/types.js';
import { label, nl } from '../../nl.js';
import { useRegionName } from '../../ui/names.js';
import { Empty, Query } from '../../ui/States.js';
import { useUrlState } from '../../ui/url.js';

export function CellActivities({ programmeId, period, asOf }: { programmeId: string; period: string; asOf?: string }) {
  const [url, setUrl] = useUrlState();
  const open = url.categorie !== undefined && url.status !== undefined;
  const query = useMonitorActivities(
    open
      ? {
          programmeId,
          period,
          asOf,
          status: url.status,
          category: url.categorie === 'total' ? undefined : url.categorie,
          regionId: url.regio,
        }
      : null,
  );
  if (!open) return null;
  const heading = `${nl.monitor.activitiesIn}: ${label(nl.category, url.categorie)} — ${label(nl.status, url.status)}`;
  return (
    <section className="panel" aria-label={heading}>
      <h2>{heading}</h2>
      <button type="button" onClick={() => setUrl({ categorie: undefined, status: undefined })}>
        {nl.monitor.close}
      </button>
      <Query query={query}>
        {({ activities }) => (activities.length === 0 ? <Empty /> : <CellList activities={activities} />)}
      </Query>
    </section>
  );
}

/** The list, with each activity's region by name (the region list is asked for only once a cell is open). */
function CellList({ activities }: { activities: ActivityRef[] }) {
  const regionName = useRegionName();
  return (
    <ul className="columns">
      {activities.map((a) => (
        <li key={a.id}>
          <Link to={`/activiteit/${encodeURIComponent(a.id)}`}>{a.title}</Link>{' '}
          <span className="muted">
            ({regionName(a.regionId)}, {label(nl.category, a.category)})
          </span>
        </li>
      ))}
    </ul>
  );
}
