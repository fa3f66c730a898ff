/** A labelled form control with its error beside it (`aria-invalid`, `aria-describedby`). */
import { cloneElement, useId, type ReactElement } from 'react';
import { nl } from '../../nl.js';

export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? errorId : undefined,
      })}
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function FormOutcome({
  formError,
  conflict,
  saved,
  reload,
}: {
  formError: string | null;
  conflict: boolean;
  saved: { globalPosition: number } | null;
  reload: () => void;
}) {
  return (
    <div aria-live="polite">
      {formError && (
        <p className="bad" role="alert">
          {formError}{' '}
          {conflict && (
            <button type="button" onClick={reload}>
              {nl.entry.reload}
            </button>
          )}
        </p>
      )}
      {saved && (
        <p className="ok" role="status">
          {nl.entry.saved} {saved.globalPosition}.
        </p>
      )}
    </div>
  );
}
