/**
 * The programme's monitoring rounds (*monitorrondes*): deadline, *vastgesteld op … door …*, how many reports are in
 * and which regions are still outstanding, and a toggle between the table as fixed and as it is now.
 */
import { useMonitoringRounds } from '../../api/hooks.js';
import type { Monitor, MonitoringRound } from '../../api/types.js';
import { fmtDate, fmtDateTime, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { Query } from '../../ui/States.js';

export type RoundView = 'fixed' | 'current';

export function RoundsPanel({ programmeId, period }: { programmeId: string; period: string }) {
  const query = useMonitoringRounds(programmeId);
  return (
    <section aria-labelledby="rounds-title">
      <h2 id="rounds-title">{nl.rounds.title}</h2>
      <Query query={query}>
        {(data) => (
          <ul className="rounds">
            {data.rounds.map((round) => (
              <RoundItem key={round.period} round={round} current={round.period === period} />
            ))}
          </ul>
        )}
      </Query>
    </section>
  );
}

function RoundItem({ round, current }: { round: MonitoringRound; current: boolean }) {
  const names = new Map(round.regions.map((r) => [r.regionId, r.regionName]));
  return (
    <li aria-current={current ? 'true' : undefined}>
      <strong>{nl.rounds.round(round.period)}</strong> — {nl.rounds.deadline(fmtDate(round.deadline))};{' '}
      {round.fixed ? nl.rounds.fixedOn(fmtDateTime(round.fixed.fixedAt), round.fixed.fixedBy) : nl.rounds.open}.{' '}
      {nl.rounds.progress(round.reported, round.expected)}.{' '}
      {round.outstandingRegions.length === 0
        ? nl.rounds.allIn
        : `${nl.rounds.outstanding}: ${round.outstandingRegions.map((id) => names.get(id) ?? id).join(', ')}.`}
    </li>
  );
}

/** The toggle between the fixed and the current table, for a period whose round is fixed. */
export function RoundToggle({ view, onChange }: { view: RoundView; onChange: (view: RoundView) => void }) {
  return (
    <fieldset className="round-toggle">
      <legend>{nl.rounds.view}</legend>
      {(['fixed', 'current'] as const).map((v) => (
        <label key={v}>
          <input type="radio" name="ronde" checked={view === v} onChange={() => onChange(v)} />{' '}
          {v === 'fixed' ? nl.rounds.fixedView : nl.rounds.currentView}
        </label>
      ))}
    </fieldset>
  );
}

/** Under a fixed table: that its hash was checked, what changed since, and the reports recorded after fixing. */
export function FixedNotes({ monitor }: { monitor: Monitor }) {
  const total = monitor.differences?.total;
  return (
    <div className="fixed-notes">
      <p className="muted">{nl.rounds.hashVerified}</p>
      {total && (
        <p>
          {nl.rounds.sinceFixing}:{' '}
          {(['on_track', 'at_risk', 'needs_adjustment'] as const)
            .map((s) => `${nl.status[s]} ${signed(total.counts[s])}`)
            .join(', ')}
          .
        </p>
      )}
      {(monitor.afterFixing ?? []).length > 0 && (
        <>
          <h3>{nl.rounds.afterFixing}</h3>
          <ul>
            {(monitor.afterFixing ?? []).map((r) => (
              <li key={`${r.activityId}-${r.recordedAt}`}>
                {r.title}: {r.kind === 'corrected' ? nl.rounds.corrected : nl.rounds.late} ({label(nl.status, r.status)}
                {r.reason ? `; ${nl.rounds.reason}: ${r.reason}` : ''})
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${fmtNumber(n)}` : fmtNumber(n);
}
