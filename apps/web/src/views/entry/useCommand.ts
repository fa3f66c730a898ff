/**
 * Sending a command from a form: the API's 400 field details and 422 rule go beside the field they concern, in
 * Dutch; a 409 says someone else changed it and offers a reload; a 201 refreshes every open view (read-your-writes:
 * later reads carry the command's position as `minPosition`).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, apiSend } from '../../api/client.js';
import type { CommandResult } from '../../api/types.js';
import { label, nl } from '../../nl.js';
import { errorText } from '../../ui/States.js';

export interface CommandState {
  busy: boolean;
  fieldErrors: Record<string, string>;
  formError: string | null;
  conflict: boolean;
  saved: CommandResult | null;
}

/** Dutch hints per field for the API's 400 answers (its messages are English). */
const FIELD_HINT: Record<string, string> = {
  period: 'Gebruik een periode als 2021-Q1 of 2021-03.',
  status: 'Kies een status.',
  validFrom: 'Vul een echte datum in (dd-mm-jjjj).',
  effectiveFrom: 'Vul een echte datum in (dd-mm-jjjj).',
  signedOn: 'Vul een echte datum in (dd-mm-jjjj).',
  note: 'De toelichting is te lang (hoogstens 10.000 tekens).',
  correctionReason: 'Geef een reden (hoogstens 10.000 tekens).',
  realised: 'Gerealiseerde waarden zijn getallen van 0 of meer.',
  state: 'Kies een stand.',
  mechanism: 'Kies een mechanisme.',
  'signatory.name': 'Vul de naam van de ondertekenaar in.',
  'signatory.function': 'Vul de functie van de ondertekenaar in.',
  termsHash: 'De hash van de tekst is ongeldig.',
};

/** Which field a broken domain rule is about. */
const RULE_FIELD: Record<string, string> = {
  correction_needs_reason: 'correctionReason',
  nothing_to_correct: 'correctionReason',
  round_fixed: 'correctionReason',
  borging_transition: 'state',
  borging_needs_mechanism: 'mechanism',
  terms_hash_mismatch: 'termsHash',
  invalid_terms_hash: 'termsHash',
  already_signed: 'partnerId',
  not_a_party: 'partnerId',
  wrong_organisation: 'partnerId',
  activity_closed: 'activity',
  agreement_terminated: 'agreement',
  programme_ended: 'period',
};

export function useCommand() {
  const client = useQueryClient();
  const [state, setState] = useState<CommandState>({
    busy: false,
    fieldErrors: {},
    formError: null,
    conflict: false,
    saved: null,
  });

  const send = async (path: string, body: unknown, ifMatch?: number): Promise<boolean> => {
    setState({ busy: true, fieldErrors: {}, formError: null, conflict: false, saved: null });
    try {
      const headers: Record<string, string> = ifMatch === undefined ? {} : { 'If-Match': String(ifMatch) };
      const saved = await apiSend<CommandResult>('POST', path, body, headers);
      setState({ busy: false, fieldErrors: {}, formError: null, conflict: false, saved });
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      return true;
    } catch (error) {
      const next: CommandState = { busy: false, fieldErrors: {}, formError: null, conflict: false, saved: null };
      if (error instanceof ApiError && error.status === 400 && error.body?.details) {
        for (const d of error.body.details) {
          const key = d.field.replace(/\[\d+\].*$/, '').replace(/^body\./, '');
          next.fieldErrors[key] = FIELD_HINT[d.field] ?? FIELD_HINT[key] ?? `${nl.validation} (${d.field}).`;
        }
      } else if (error instanceof ApiError && error.status === 422) {
        const rule = error.body?.rule ?? '';
        const text = label(nl.rules, rule) === rule ? `${nl.validation}: ${rule}` : nl.rules[rule];
        const field = RULE_FIELD[rule];
        if (field) next.fieldErrors[field] = text;
        else next.formError = text;
      } else if (error instanceof ApiError && error.status === 409) {
        next.conflict = true;
        next.formError = nl.entry.conflict;
      } else if (error instanceof ApiError && error.status === 403) {
        next.formError = nl.entry.forbidden;
      } else {
        next.formError = errorText(error);
      }
      setState(next);
      return false;
    }
  };

  const reload = async () => {
    setState((s) => ({ ...s, conflict: false, formError: null }));
    await client.invalidateQueries();
  };

  return { ...state, send, reload };
}
