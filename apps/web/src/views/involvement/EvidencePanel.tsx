/** What a partner did in a region up to the moment: led activities, commitments and their fate, signatures. */
import { Link } from 'react-router';
import { useEvidence } from '../../api/hooks.js';
import { fmtDate, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { Empty, Query } from '../../ui/States.js';

export function EvidencePanel({
  partnerId,
  regionId,
  regionName,
  asOf,
  onClose,
}: {
  partnerId: string;
  regionId: string;
  regionName: string;
  asOf?: string;
  onClose: () => void;
}) {
  const evidence = useEvidence(partnerId, regionId, asOf);
  const title = `${nl.involvement.evidence}: ${partnerId} in ${regionName}`;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <button type="button" onClick={onClose}>
        {nl.monitor.close}
      </button>
      <Query query={evidence}>
        {(e) => (
          <div className="grid-2">
            <div>
              <h3>{nl.involvement.led}</h3>
              {e.led.length === 0 ? (
                <Empty>{nl.involvement.none}</Empty>
              ) : (
                <ul>
                  {e.led.map((a) => (
                    <li key={a.activityId}>
                      <Link to={`/activiteit/${encodeURIComponent(a.activityId)}`}>{a.title}</Link>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{nl.involvement.signatures}</h3>
              {e.signatures.length === 0 ? (
                <Empty>{nl.involvement.none}</Empty>
              ) : (
                <ul>
                  {e.signatures.map((s) => (
                    <li key={`${s.agreementId}-${s.version}`}>
                      <Link to={`/afspraken/${encodeURIComponent(s.agreementId)}`}>{s.title}</Link> (
                      {nl.agreements.version} {s.version}, {fmtDate(s.signedAt)})
                    </li>
                  ))}
                </ul>
              )}
              <p>
                {nl.involvement.lastActive}: {fmtDate(e.lastActive)}
              </p>
            </div>
            <div>
              <h3>{nl.region.commitments}</h3>
              {e.commitments.length === 0 ? (
                <Empty>{nl.involvement.none}</Empty>
              ) : (
                <ul>
                  {e.commitments.map((c) => (
                    <li key={`${c.activityId}-${c.commitmentId}`}>
                      <Link to={`/activiteit/${encodeURIComponent(c.activityId)}`}>{c.activityId}</Link>:{' '}
                      {fmtNumber(c.amount)} {label(nl.commitmentKind, c.kind)} — {label(nl.commitmentState, c.state)}
                      {c.realisedAmount !== null ? ` (${fmtNumber(c.realisedAmount)})` : ''}, {fmtDate(c.recordedAt)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
      </Query>
    </section>
  );
}
