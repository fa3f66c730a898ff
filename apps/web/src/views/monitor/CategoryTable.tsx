/** Seed 004's table: *Totaal van activiteiten* and one row per category; each share is a button that lists its activities. */
import type { Monitor, MonitorRow } from '../../api/types.js';
import { STATUSES } from '../../api/types.js';
import { fmtNumber, fmtPercent } from '../../format.js';
import { label, nl } from '../../nl.js';
import { StackedBar } from '../../ui/StackedBar.js';
import { useUrlState } from '../../ui/url.js';

/** A category's row, or the total row the table puts above them. */
type Row = Omit<MonitorRow, 'category'> & { category: MonitorRow['category'] | 'total' };

export function CategoryTable({ monitor }: { monitor: Monitor }) {
  const [url, setUrl] = useUrlState();
  const rows: Row[] = [{ category: 'total', ...monitor.total }, ...monitor.rows];
  return (
    <div className="table-wrap">
      <table className="monitor">
        <caption>
          {nl.monitor.title} {monitor.period}
        </caption>
        <thead>
          <tr>
            <th scope="col">{nl.monitor.category}</th>
            {STATUSES.map((s) => (
              <th scope="col" key={s}>
                {nl.status[s]}
              </th>
            ))}
            <th scope="col">{nl.monitor.distribution}</th>
            <th scope="col">{nl.monitor.reported}</th>
            <th scope="col">{nl.monitor.unreported}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = label(nl.category, row.category);
            return (
              <tr key={row.category} className={row.category === 'total' ? 'total' : undefined}>
                <th scope="row">{name}</th>
                {STATUSES.map((s) => {
                  const selected = url.categorie === row.category && url.status === s;
                  return (
                    <td key={s} className="num">
                      <button
                        type="button"
                        className="cell"
                        aria-pressed={selected}
                        aria-label={nl.monitor.cellLabel(
                          name,
                          nl.status[s],
                          `${fmtPercent(row.percents[s])} (${fmtNumber(row.counts[s])})`,
                        )}
                        onClick={() => setUrl({ categorie: row.category, status: s })}
                      >
                        <span className="pct">{fmtPercent(row.percents[s])}</span>{' '}
                        <span className="count">({fmtNumber(row.counts[s])})</span>
                      </button>
                    </td>
                  );
                })}
                <td>
                  <StackedBar percents={row.percents} />
                </td>
                <td className="num">{fmtNumber(row.reported)}</td>
                <td className="num">{fmtNumber(row.unreported)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
