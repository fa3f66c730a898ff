/** The *Controleer bewijs* button and its outcome: *geldig*, or exactly what failed. */
import { useState } from 'react';
import { useHead } from '../../api/hooks.js';
import { fmtDateTime, fmtNumber } from '../../format.js';
import { nl } from '../../nl.js';
import { errorText } from '../../ui/States.js';
import { checkAgreementProof, fingerprint, type ProofReport } from './verifyProof.js';

export function ProofCheck({ agreementId }: { agreementId: string }) {
  const [report, setReport] = useState<ProofReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const head = useHead();
  const [print, setPrint] = useState<string | null>(null);
  if (head.data && print === null) void fingerprint(head.data.publicKey).then(setPrint);

  const run = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await checkAgreementProof(agreementId));
    } catch (e) {
      setError(`${nl.agreements.failure.fetch}: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="proof-title">
      <h2 id="proof-title">{nl.agreements.verify}</h2>
      {head.data && (
        <dl>
          <dt>{nl.agreements.publicKey}</dt>
          <dd>
            <code className="hash">{head.data.publicKey}</code>
          </dd>
          <dt>{nl.agreements.fingerprint}</dt>
          <dd>
            <code className="hash">{print ?? '…'}</code>
          </dd>
          <dt>{nl.agreements.treeHead}</dt>
          <dd>
            {nl.agreements.treeSize} {fmtNumber(head.data.treeSize)}, {fmtDateTime(head.data.signedAt)}
          </dd>
        </dl>
      )}
      <button type="button" onClick={() => void run()} disabled={busy}>
        {nl.agreements.verify}
      </button>
      <div aria-live="polite">
        {busy && <p role="status">{nl.agreements.verifying}</p>}
        {error && <p className="bad">{error}</p>}
        {report && (
          <div>
            <p className={report.ok ? 'ok' : 'bad'}>
              {nl.agreements.verify}: {report.ok ? nl.agreements.valid : nl.agreements.invalid}
            </p>
            <p>{nl.agreements.checked(report.checked)}</p>
            {report.uncovered > 0 && (
              <p className="muted">
                {report.uncovered} × {nl.agreements.failure.notCovered}
              </p>
            )}
            {report.failures.length > 0 && (
              <ul className="bad">
                {report.failures.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
