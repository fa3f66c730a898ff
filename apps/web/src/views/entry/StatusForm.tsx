/** *Rapporteer status*: period, status, realised values per target, note, valid-from and (for a second report) a reason. */
import { useState, type FormEvent } from 'react';
import type { Activity, Session } from '../../api/types.js';
import { STATUSES } from '../../api/types.js';
import { label, nl } from '../../nl.js';
import { todayIso } from '../../ui/url.js';
import { ActivityPicker } from './ActivityPicker.js';
import { Field, FormOutcome } from './Field.js';
import { useCommand } from './useCommand.js';

export function StatusForm({ session }: { session: Session }) {
  const command = useCommand();
  const [activity, setActivity] = useState<Activity | undefined>();
  const [period, setPeriod] = useState('');
  const [status, setStatus] = useState('on_track');
  const [note, setNote] = useState('');
  const [validFrom, setValidFrom] = useState(todayIso());
  const [correctionReason, setCorrectionReason] = useState('');
  const [realised, setRealised] = useState<Record<string, string>>({});
  const errors = command.fieldErrors;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!activity) return;
    const values = Object.entries(realised)
      .filter(([, v]) => v.trim() !== '')
      .map(([indicator, v]) => ({ indicator, value: Number(v.replace(',', '.')) }));
    await command.send(
      `/api/activities/${encodeURIComponent(activity.id)}/status-reports`,
      {
        period,
        status,
        realised: values,
        validFrom,
        ...(note.trim() && { note }),
        ...(correctionReason.trim() && { correctionReason }),
      },
      activity.version,
    );
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="status-form">
      <h2 id="status-form">{nl.entry.reportStatus}</h2>
      <div className="filters">
        <ActivityPicker
          session={session}
          activityId={activity?.id ?? ''}
          onActivity={(a) => {
            setActivity(a);
            setRealised({});
          }}
          error={errors.activity}
        />
        <Field label={nl.entry.period} error={errors.period}>
          <input value={period} placeholder="2021-Q4" onChange={(e) => setPeriod(e.target.value)} />
        </Field>
        <Field label={nl.entry.status} error={errors.status}>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {nl.status[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={nl.entry.validFrom} error={errors.validFrom}>
          <input type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </Field>
      </div>
      {activity && activity.targets.length > 0 && (
        <fieldset>
          <legend>{nl.entry.realised}</legend>
          <div className="filters">
            {activity.targets.map((t) => (
              <Field key={t.indicator} label={label(nl.indicator, t.indicator)} error={errors.realised}>
                <input
                  inputMode="decimal"
                  value={realised[t.indicator] ?? ''}
                  onChange={(e) => setRealised({ ...realised, [t.indicator]: e.target.value })}
                />
              </Field>
            ))}
          </div>
        </fieldset>
      )}
      <div className="grid-2">
        <Field label={nl.entry.note} error={errors.note}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <Field label={nl.entry.correctionReason} error={errors.correctionReason}>
          <textarea rows={2} value={correctionReason} onChange={(e) => setCorrectionReason(e.target.value)} />
        </Field>
      </div>
      <button type="submit" disabled={!activity || command.busy}>
        {nl.entry.reportStatus}
      </button>
      <FormOutcome {...command} reload={() => void command.reload()} />
    </form>
  );
}
