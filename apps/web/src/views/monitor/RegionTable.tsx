/** The monitor per region (35 rows), sortable on every column. */
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { useMonitorRegions } from '../../api/hooks.js';
import type { MonitorRegions } from '../../api/types.js';
import { STATUSES } from '../../api/types.js';
import { fmtNumber, fmtPercent } from '../../format.js';
import { nl } from '../../nl.js';
import { DataTable } from '../../ui/DataTable.js';
import { StackedBar } from '../../ui/StackedBar.js';
import { Query } from '../../ui/States.js';

type Row = MonitorRegions['regions'][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor('regionName', {
    header: nl.monitor.region,
    cell: (c) => <Link to={`/regio/${encodeURIComponent(c.row.original.regionId)}`}>{c.getValue()}</Link>,
  }),
  ...STATUSES.map((s) =>
    column.accessor((r) => r.percents[s], {
      id: s,
      header: nl.status[s],
      cell: (c) => `${fmtPercent(c.getValue())} (${fmtNumber(c.row.original.counts[s])})`,
    }),
  ),
  column.display({
    id: 'bar',
    header: nl.monitor.distribution,
    cell: (c) => <StackedBar percents={c.row.original.percents} />,
  }),
  column.accessor('reported', { header: nl.monitor.reported, cell: (c) => fmtNumber(c.getValue()) }),
];

export function RegionTable({ programmeId, period, asOf }: { programmeId: string; period: string; asOf?: string }) {
  const query = useMonitorRegions(programmeId, period, asOf);
  return (
    <section aria-labelledby="per-region">
      <h2 id="per-region">{nl.monitor.perRegion}</h2>
      <Query query={query}>
        {(data) => <DataTable data={data.regions} columns={columns} caption={`${nl.monitor.perRegion} ${period}`} />}
      </Query>
    </section>
  );
}
