/** One horizontal stacked bar of the three statuses, with its shares as the accessible name. */
import type { Counts } from '../api/types.js';
import { STATUSES } from '../api/types.js';
import { fmtPercent } from '../format.js';
import { nl } from '../nl.js';

export function StackedBar({ percents }: { percents: Counts }) {
  const text = STATUSES.map((s) => `${nl.status[s]} ${fmtPercent(percents[s])}`).join(', ');
  return (
    <div className="stacked-bar" role="img" aria-label={text} title={text}>
      {STATUSES.map((s) => (
        <span key={s} className={`seg seg-${s}`} style={{ width: `${percents[s]}%` }} />
      ))}
    </div>
  );
}

export function StatusLegend() {
  return (
    <ul className="legend">
      {STATUSES.map((s) => (
        <li key={s}>
          <span className={`swatch seg-${s}`} aria-hidden="true" /> {nl.status[s]}
        </li>
      ))}
    </ul>
  );
}
