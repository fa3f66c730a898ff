/**
 * `/monitor`: seed 004's table for a programme, period and moment — per category the shares in the seed's words
 * with the count behind each, a stacked bar per row, the same per region, and the activities behind a cell. Below,
 * the monitoring rounds; for a fixed round, `?ronde=vastgesteld` shows the table exactly as fixed.
 */
import { useMonitor, useMonitoringRounds } from '../../api/hooks.js';
import { nl } from '../../nl.js';
import { ProgrammeSelect, useProgramme } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { Empty, ErrorState, Loading, Query } from '../../ui/States.js';
import { StatusLegend } from '../../ui/StackedBar.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';
import { CellActivities } from './CellActivities.js';
import { CategoryTable } from './CategoryTable.js';
import { RegionTable } from './RegionTable.js';
import { FixedNotes, RoundToggle, RoundsPanel } from './RoundsPanel.js';

export function MonitorView() {
  const [url, setUrl] = useUrlState();
  const { programme, pending, error } = useProgramme();
  // a shared link names programme and period: ask for the table, regions and rounds while the programme list is
  // still on its way, not after it (one round trip less before the first figure)
  const programmeId = programme?.id ?? (pending ? url.programma : undefined);
  const period = url.periode ?? programme?.latestPeriod ?? undefined;
  const rounds = useMonitoringRounds(programmeId);
  const fixedRound = rounds.data?.rounds.some((r) => r.period === period && r.status === 'fixed') ?? false;
  const showFixed = fixedRound && url.ronde === 'vastgesteld';
  const asOf = showFixed ? undefined : asOfFrom(url.peildatum);
  // a link to the fixed table waits for the rounds, so it does not first fetch the current one
  const roundKnown = url.ronde !== 'vastgesteld' || !rounds.isPending;
  const monitor = useMonitor(roundKnown ? programmeId : undefined, period, asOf, showFixed ? 'fixed' : undefined);

  return (
    <section aria-labelledby="monitor-title">
      <h1 id="monitor-title">
        {nl.monitor.title}
        {programme && period ? ` — ${programme.name}, ${period}` : ''}
      </h1>
      <p className="muted">{nl.monitor.intro}</p>
      <div className="filters">
        <ProgrammeSelect withPeriod />
      </div>
      <Moment slider={programme ? { from: programme.startDate, to: lifeEnd(programme.endDate) } : undefined} />
      {pending && !programmeId && <Loading />}
      {!!error && <ErrorState error={error} />}
      {programme && !period && <Empty>{nl.monitor.noPeriods}</Empty>}
      {programmeId && period && (
        <>
          <Query query={monitor}>
            {(data) => (
              <>
                {fixedRound && (
                  <RoundToggle
                    view={showFixed ? 'fixed' : 'current'}
                    onChange={(v) => setUrl({ ronde: v === 'fixed' ? 'vastgesteld' : undefined })}
                  />
                )}
                <StatusLegend />
                <CategoryTable monitor={data} />
                {showFixed && <FixedNotes monitor={data} />}
                <CellActivities programmeId={programmeId} period={period} asOf={asOf} />
              </>
            )}
          </Query>
          {/* asked for at the same time as the table above, not after it */}
          <RegionTable programmeId={programmeId} period={period} asOf={asOf} />
          <RoundsPanel programmeId={programmeId} period={period} />
        </>
      )}
    </section>
  );
}

/** The slider runs past the programme's end, as long as it is not in the future: reports and borging come late. */
export function lifeEnd(endDate: string): string {
  const end = new Date(`${endDate}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 6);
  const today = new Date().toISOString().slice(0, 10);
  const later = end.toISOString().slice(0, 10);
  return later < today ? later : today;
}
