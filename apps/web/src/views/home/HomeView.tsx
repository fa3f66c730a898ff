/** `/`: the monitor of the most recent programme at its latest reported period. */
import { Navigate } from 'react-router';
import { useProgrammes } from '../../api/hooks.js';
import { Query } from '../../ui/States.js';

export function HomeView() {
  const programmes = useProgrammes();
  return (
    <Query query={programmes}>
      {({ programmes: list }) => {
        const first = list[0];
        if (!first) return <Navigate to="/monitor" replace />;
        const search = new URLSearchParams({ programma: first.id });
        if (first.latestPeriod) search.set('periode', first.latestPeriod);
        return <Navigate to={`/monitor?${search}`} replace />;
      }}
    </Query>
  );
}
