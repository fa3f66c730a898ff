/** Signing an agreement as one's own organisation, on the exact terms hash of its current version. */
import { useState, type FormEvent } from 'react';
import { useAgreement, useAgreements } from '../../api/hooks.js';
import type { Session } from '../../api/types.js';
import { nl } from '../../nl.js';
import { usePartnerNamesOf } from '../../ui/names.js';
import { todayIso } from '../../ui/url.js';
import { Field, FormOutcome } from './Field.js';
import { useCommand } from './useCommand.js';

export function SignForm({ session }: { session: Session }) {
  const command = useCommand();
  // the signing organisation's name, asked for by id (not the whole partner list, thousands on a large ledger)
  const partnerName = usePartnerNamesOf([session.organisationId]);
  const agreements = useAgreements({ limit: 1000 });
  const mine = (agreements.data?.agreements ?? []).filter(
    (a) => a.parties.includes(session.organisationId) && a.status !== 'terminated',
  );
  const [agreementId, setAgreementId] = useState('');
  const agreement = useAgreement(agreementId || undefined);
  const current = agreement.data?.versions.find((v) => v.version === agreement.data?.currentVersion);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [signedOn, setSignedOn] = useState(todayIso());
  const errors = command.fieldErrors;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!current) return;
    await command.send(`/api/agreements/${encodeURIComponent(agreementId)}/signatures`, {
      partnerId: session.organisationId,
      signatory: { name, function: role },
      termsHash: current.termsHash,
      signedOn,
    });
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="sign-form">
      <h2 id="sign-form">{nl.entry.signAgreement}</h2>
      <p>
        {nl.entry.partner}: <strong>{partnerName(session.organisationId)}</strong>
      </p>
      {errors.partnerId && (
        <p className="field-error" role="alert">
          {errors.partnerId}
        </p>
      )}
      <div className="filters">
        <Field label={nl.entry.agreement} error={errors.agreement}>
          <select value={agreementId} onChange={(e) => setAgreementId(e.target.value)}>
            <option value="">{nl.entry.choose}</option>
            {mine.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title} ({nl.agreements.version} {a.currentVersion})
              </option>
            ))}
          </select>
        </Field>
        <Field label={nl.entry.signatoryName} error={errors['signatory.name']}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={nl.entry.signatoryFunction} error={errors['signatory.function']}>
          <input value={role} onChange={(e) => setRole(e.target.value)} />
        </Field>
        <Field label={nl.entry.signedOn} error={errors.signedOn}>
          <input type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />
        </Field>
      </div>
      {current && (
        <div>
          <p>
            {nl.entry.termsHash}: <code className="hash">{current.termsHash}</code>
          </p>
          {errors.termsHash && (
            <p className="field-error" role="alert">
              {errors.termsHash}
            </p>
          )}
          <details>
            <summary>{nl.agreements.terms}</summary>
            <pre className="terms" tabIndex={0}>
              {current.terms}
            </pre>
          </details>
        </div>
      )}
      <button type="submit" disabled={!current || command.busy}>
        {nl.entry.signAgreement}
      </button>
      <FormOutcome {...command} reload={() => void command.reload()} />
    </form>
  );
}
