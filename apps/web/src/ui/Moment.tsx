/**
 * The moment control: *peildatum* ("zoals bekend op", the API's `asOf`) as a date with an optional time, and where
 * it fits a slider over the ledger's life. All of it lives in the URL (`peildatum`).
 */
import { useEffect, useId, useState } from 'react';
import { fmtDate } from '../format.js';
import { nl } from '../nl.js';
import { addDays, daysBetween, useUrlState } from './url.js';

export interface MomentProps {
  /** Show a slider from `from` to `to` (plain dates). */
  slider?: { from: string; to: string };
}

export function Moment({ slider }: MomentProps) {
  const id = useId();
  const [url, setUrl] = useUrlState();
  const peildatum = url.peildatum ?? '';
  const [date, time] = peildatum.includes('T') ? peildatum.split('T') : [peildatum, ''];
  const set = (d: string, t: string, replace = false) =>
    setUrl({ peildatum: d ? (t ? `${d}T${t}` : d) : undefined }, replace);

  const span = slider ? Math.max(1, daysBetween(slider.from, slider.to)) : 0;
  const sliderDay = slider ? clamp(date ? daysBetween(slider.from, date) : span, 0, span) : 0;
  const [dragging, setDragging] = useState<number | null>(null);
  useEffect(() => setDragging(null), [peildatum]);
  const shown = dragging ?? sliderDay;

  return (
    <fieldset className="moment">
      <legend>
        {nl.moment.peildatum} <span className="muted">({nl.moment.peildatumHint})</span>
      </legend>
      <div className="moment-row">
        <label htmlFor={`${id}-date`}>{nl.moment.peildatum}</label>
        <input id={`${id}-date`} type="date" value={date} onChange={(e) => set(e.target.value, time)} />
        <label htmlFor={`${id}-time`}>{nl.moment.time}</label>
        <input
          id={`${id}-time`}
          type="time"
          value={time}
          disabled={!date}
          onChange={(e) => set(date, e.target.value)}
        />
        <button type="button" onClick={() => set('', '')} disabled={!peildatum}>
          {nl.moment.reset}
        </button>
        <span className="muted" aria-live="polite">
          {peildatum ? fmtDate(date) + (time ? ` ${time}` : '') : nl.moment.now}
        </span>
      </div>
      {slider && (
        <div className="moment-slider">
          <label htmlFor={`${id}-slider`}>{nl.moment.slider}</label>
          <span className="muted">{fmtDate(slider.from)}</span>
          <input
            id={`${id}-slider`}
            type="range"
            min={0}
            max={span}
            step={1}
            value={shown}
            aria-valuetext={fmtDate(addDays(slider.from, shown))}
            onChange={(e) => {
              const day = Number(e.target.value);
              setDragging(day);
              set(addDays(slider.from, day), '', true);
            }}
          />
          <span className="muted">{fmtDate(slider.to)}</span>
        </div>
      )}
    </fieldset>
  );
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
