/** A borging step: state, mechanism (required for *geborgd*), effective date, owner and note. */
import { useState, type FormEvent } from 'react';
import type { Activity, Session } from '../../api/types.js';
import { nl } from '../../nl.js';
import { todayIso } from '../../ui/url.js';
import { ActivityPicker } from './ActivityPicker.js';
import { Field, FormOutcome } from './Field.js';
import { useCommand } from './useCommand.js';

export function BorgingForm({ session }: { session: Session }) {
  const command = useCommand();
  const [activity, setActivity] = useState<Activity | undefined>();
  const [state, setState] = useState('in_preparation');
  const [mechanism, setMechanism] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(todayIso());
  const [note, setNote] = useState('');
  const errors = command.fieldErrors;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!activity) return;
    await command.send(
      `/api/activities/${encodeURIComponent(activity.id)}/borging`,
      { state, effectiveFrom, ...(mechanism && { mechanism }), ...(note.trim() && { note }) },
      activity.version,
    );
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="borging-form">
      <h2 id="borging-form">{nl.entry.recordBorging}</h2>
      <div className="filters">
        <ActivityPicker
          session={session}
          activityId={activity?.id ?? ''}
          onActivity={setActivity}
          error={errors.activity}
        />
        <Field label={nl.entry.state} error={errors.state}>
          <select value={state} onChange={(e) => setState(e.target.value)}>
            {Object.entries(nl.borgingState).map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </Field>
        <Field label={nl.entry.mechanism} error={errors.mechanism}>
          <select value={mechanism} onChange={(e) => setMechanism(e.target.value)}>
            <option value="">{nl.entry.noMechanism}</option>
            {Object.entries(nl.mechanism).map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </Field>
        <Field label={nl.entry.effectiveFrom} error={errors.effectiveFrom}>
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </Field>
      </div>
      <Field label={nl.entry.note} error={errors.note}>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <button type="submit" disabled={!activity || command.busy}>
        {nl.entry.recordBorging}
      </button>
      <FormOutcome {...command} reload={() => void command.reload()} />
    </form>
  );
}
