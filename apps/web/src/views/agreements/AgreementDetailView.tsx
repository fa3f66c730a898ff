/**
 * `/afspraken/:id`: one agreement — its versions with a terms diff between two of them, which party signed which
 * terms hash when, from when until when each version was in force, and *Controleer bewijs*.
 */
import { useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAgreement, useApi } from '../../api/hooks.js';
import type { Agreement, Envelope } from '../../api/types.js';
import { fmtDate, fmtDateTime } from '../../format.js';
import { label, nl } from '../../nl.js';
import { Moment } from '../../ui/Moment.js';
import { usePartnerName, useRegionName } from '../../ui/names.js';
import { Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';
import { ProofCheck } from './ProofCheck.js';
import { diffLines } from './termsDiff.js';

export function AgreementDetailView() {
  const { id = '' } = useParams();
  const [url] = useUrlState();
  const agreement = useAgreement(id, asOfFrom(url.peildatum));
  const history = useApi<{ events: Envelope[] }>(`/api/agreements/${encodeURIComponent(id)}/history`);
  const regionName = useRegionName();
  const partnerName = usePartnerName(agreement.data?.regionId);
  return (
    <section aria-labelledby="agreement-title">
      <p>
        <Link to="/afspraken">{nl.agreements.all}</Link>
      </p>
      <Query query={agreement}>
        {(a) => (
          <>
            <h1 id="agreement-title">{a.title}</h1>
            <Moment />
            <dl className="facts">
              <dt>{nl.agreements.kind}</dt>
              <dd>{label(nl.agreementKind, a.kind)}</dd>
              <dt>{nl.agreements.status}</dt>
              <dd>{label(nl.agreementStatus, a.status)}</dd>
              <dt>{nl.filters.regio}</dt>
              <dd>
                <Link to={`/regio/${encodeURIComponent(a.regionId)}`}>{regionName(a.regionId)}</Link>
              </dd>
              <dt>{nl.agreements.validity}</dt>
              <dd>
                {fmtDate(a.validFrom)} – {fmtDate(a.validUntil)}
              </dd>
              <dt>{nl.agreements.parties}</dt>
              <dd>{a.parties.map(partnerName).join(', ')}</dd>
            </dl>
            <InForce events={history.data?.events ?? []} />
            <Versions agreement={a} />
            <Signatures agreement={a} />
          </>
        )}
      </Query>
      <ProofCheck agreementId={id} />
    </section>
  );
}

/** From when until when each version was in force, from the stream's `AgreementInForce` and termination events. */
function InForce({ events }: { events: Envelope[] }) {
  const spans = useMemo(() => {
    const out: { version: number; since: string; until: string | null }[] = [];
    for (const e of events) {
      const at = (e.metadata.recordedAt as string | undefined) ?? '';
      if (e.type === 'AgreementInForce') {
        if (out.length) out[out.length - 1].until ??= at;
        out.push({ version: Number(e.data.version ?? out.length + 1), since: at, until: null });
      }
      if (e.type === 'AgreementTerminated' && out.length) out[out.length - 1].until ??= at;
    }
    return out;
  }, [events]);
  return (
    <>
      <h2>{nl.agreements.inForceSince}</h2>
      {spans.length === 0 ? (
        <p>{nl.agreements.notInForce}</p>
      ) : (
        <ul>
          {spans.map((s) => (
            <li key={s.version}>
              {nl.agreements.version} {s.version}: {nl.agreements.inForceSince.toLowerCase()} {fmtDateTime(s.since)}
              {s.until ? `, ${nl.agreements.inForceUntil.toLowerCase()} ${fmtDateTime(s.until)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Versions({ agreement }: { agreement: Agreement }) {
  const key = useId();
  const versions = agreement.versions;
  const [from, setFrom] = useState(Math.max(1, versions.length - 1));
  const [to, setTo] = useState(versions.length);
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  return (
    <section aria-labelledby={`${key}-v`}>
      <h2 id={`${key}-v`}>{nl.agreements.versions}</h2>
      <table>
        <caption className="visually-hidden">{nl.agreements.versions}</caption>
        <thead>
          <tr>
            <th scope="col">{nl.agreements.version}</th>
            <th scope="col">{nl.agreements.termsHash}</th>
            <th scope="col">{nl.activity.recordedAt}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="num">{v.version}</td>
              <td>
                <code className="hash">{v.termsHash}</code>
              </td>
              <td>{fmtDateTime(v.draftedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 ? (
        <>
          <h3>{nl.agreements.diff}</h3>
          <div className="filters">
            <label htmlFor={`${key}-a`}>{nl.agreements.compare}</label>
            <select id={`${key}-a`} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {nl.agreements.version} {v.version}
                </option>
              ))}
            </select>
            <label htmlFor={`${key}-b`}>{nl.agreements.with}</label>
            <select id={`${key}-b`} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {nl.agreements.version} {v.version}
                </option>
              ))}
            </select>
          </div>
          {a && b && (
            <pre className="terms" aria-label={nl.agreements.diff} tabIndex={0}>
              {diffLines(a.terms, b.terms).map((line, i) => (
                <div
                  key={i}
                  className={line.kind === 'added' ? 'diff-add' : line.kind === 'removed' ? 'diff-del' : undefined}
                >
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                  {line.text}
                </div>
              ))}
            </pre>
          )}
        </>
      ) : (
        versions[0] && (
          <details>
            <summary>{nl.agreements.terms}</summary>
            <pre className="terms" tabIndex={0}>
              {versions[0].terms}
            </pre>
          </details>
        )
      )}
    </section>
  );
}

function Signatures({ agreement }: { agreement: Agreement }) {
  const partnerName = usePartnerName(agreement.regionId);
  return (
    <section aria-labelledby="signatures-title">
      <h2 id="signatures-title">{nl.agreements.signatures}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{nl.agreements.signatures}</caption>
          <thead>
            <tr>
              <th scope="col">{nl.involvement.partner}</th>
              <th scope="col">{nl.agreements.signedBy}</th>
              <th scope="col">{nl.agreements.version}</th>
              <th scope="col">{nl.agreements.termsHash}</th>
              <th scope="col">{nl.agreements.signedOn}</th>
            </tr>
          </thead>
          <tbody>
            {agreement.signatures.map((s) => (
              <tr key={`${s.partnerId}-${s.version}`}>
                <td>{partnerName(s.partnerId)}</td>
                <td>
                  {s.signatory.name} ({s.signatory.function})
                </td>
                <td className="num">{s.version}</td>
                <td>
                  <code className="hash">{s.termsHash.slice(0, 16)}…</code>
                </td>
                <td>{fmtDate(s.signedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
