/** The region's activities at the moment: status, commitments and borging, sortable. */
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { Activity } from '../../api/types.js';
import { fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { DataTable } from '../../ui/DataTable.js';

const column = createColumnHelper<Activity>();
const columns = [
  column.accessor('title', {
    header: nl.activity.title,
    cell: (c) => <Link to={`/activiteit/${encodeURIComponent(c.row.original.id)}`}>{c.getValue()}</Link>,
  }),
  column.accessor('category', { header: nl.filters.categorie, cell: (c) => label(nl.category, c.getValue()) }),
  column.accessor((a) => a.status ?? 'unreported', {
    id: 'status',
    header: nl.filters.status,
    cell: (c) =>
      `${label(nl.status, c.getValue())}${c.row.original.statusPeriod ? ` (${c.row.original.statusPeriod})` : ''}`,
  }),
  column.accessor((a) => a.commitments.length, {
    id: 'commitments',
    header: nl.region.commitments,
    cell: (c) => fmtNumber(c.getValue()),
  }),
  column.accessor((a) => a.borging?.state ?? 'not_started', {
    id: 'borging',
    header: nl.region.borging,
    cell: (c) => {
      const mechanism = c.row.original.borging?.mechanism;
      return `${label(nl.borgingState, c.getValue())}${mechanism ? ` (${label(nl.mechanism, mechanism)})` : ''}`;
    },
  }),
];

export function RegionActivities({ activities }: { activities: Activity[] }) {
  return (
    <section aria-labelledby="region-activities">
      <h2 id="region-activities">
        {nl.region.activities} ({fmtNumber(activities.length)})
      </h2>
      <DataTable data={activities} columns={columns} caption={nl.region.activities} hiddenCaption />
    </section>
  );
}
