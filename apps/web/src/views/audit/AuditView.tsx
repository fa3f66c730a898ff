/**
 * `/audit` (programme office and auditor): who did what when, filtered by organisation, person, event type and
 * period, paged by cursor; each row links to its activity or agreement and to the proof of its agreement.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAudit, useSession } from '../../api/hooks.js';
import type { AuditEntry } from '../../api/types.js';
import { fmtDateTime, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { canAudit } from '../../ui/Layout.js';
import { usePartnerNamesOf } from '../../ui/names.js';
import { PlainTable } from '../../ui/PlainTable.js';
import { Empty, Query } from '../../ui/States.js';
import { useUrlState } from '../../ui/url.js';
import { EVENT_TYPES } from '../../api/live.js';

export function AuditView() {
  const session = useSession();
  const [url, setUrl] = useUrlState();
  const [draft, setDraft] = useState({
    organisationId: url.organisatie ?? '',
    userId: url.persoon ?? '',
    type: url.soort ?? '',
    from: url.van ?? '',
    to: url.tot ?? '',
  });
  const audit = useAudit({
    organisationId: url.organisatie,
    userId: url.persoon,
    type: url.soort,
    from: url.van,
    to: url.tot,
    limit: 50,
    cursor: url.cursor,
  });
  const organisationName = usePartnerNamesOf(audit.data?.entries.map((e) => e.actor.organisationId) ?? []);
  if (session.data && !canAudit(session.data.roles)) return <p role="alert">{nl.audit.onlyFor}</p>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setUrl({
      organisatie: draft.organisationId,
      persoon: draft.userId,
      soort: draft.type,
      van: draft.from,
      tot: draft.to,
      cursor: undefined,
    });
  };
  const field = (key: keyof typeof draft, text: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{text}</label>
      <input
        id={`audit-${key}`}
        type={type}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </div>
  );

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{nl.audit.title}</h1>
      <p className="muted">{nl.audit.intro}</p>
      <form className="filters" onSubmit={submit}>
        {field('organisationId', nl.audit.organisation)}
        {field('userId', nl.audit.person)}
        <div className="field">
          <label htmlFor="audit-type">{nl.audit.type}</label>
          <select id="audit-type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">{nl.filters.allCategories.replace('categorieën', 'soorten')}</option>
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(nl.eventType, t)}
              </option>
            ))}
          </select>
        </div>
        {field('from', nl.filters.from, 'date')}
        {field('to', nl.filters.to, 'date')}
        <button type="submit">{nl.audit.filter}</button>
      </form>
      <Query query={audit}>
        {(data) =>
          data.entries.length === 0 ? (
            <Empty />
          ) : (
            <>
              <PlainTable
                caption={`${nl.audit.title} (${fmtNumber(data.entries.length)})`}
                hiddenCaption={false}
                rows={data.entries}
                rowKey={(e) => e.position}
                columns={[
                  { heading: nl.audit.position, num: true, cell: (e) => e.position },
                  { heading: nl.audit.when, cell: (e) => fmtDateTime(e.recordedAt) },
                  {
                    heading: nl.audit.who,
                    cell: (e) => `${e.actor.userId} (${organisationName(e.actor.organisationId)})`,
                  },
                  { heading: nl.audit.type, cell: (e) => label(nl.eventType, e.type) },
                  { heading: nl.audit.what, cell: (e) => <Subject entry={e} /> },
                ]}
              />
              <p>
                {url.cursor && (
                  <button type="button" onClick={() => setUrl({ cursor: undefined })}>
                    {nl.audit.first}
                  </button>
                )}{' '}
                {data.nextCursor && (
                  <button type="button" onClick={() => setUrl({ cursor: data.nextCursor ?? undefined })}>
                    {nl.audit.next}
                  </button>
                )}
              </p>
            </>
          )
        }
      </Query>
    </section>
  );
}

/** The row's summary, linked to the activity or agreement its stream is about (agreements: with their proof). */
function Subject({ entry }: { entry: AuditEntry }) {
  const text = entry.samenvatting ?? entry.summary;
  const [kind, ...rest] = entry.streamId.split('-');
  const id = rest.join('-');
  if (kind === 'activity') return <Link to={`/activiteit/${encodeURIComponent(id)}`}>{text}</Link>;
  if (kind === 'agreement')
    return (
      <>
        <Link to={`/afspraken/${encodeURIComponent(id)}`}>{text}</Link>{' '}
        <Link to={`/afspraken/${encodeURIComponent(id)}#proof-title`} aria-label={`${nl.audit.proof}: ${text}`}>
          ({nl.audit.proof})
        </Link>
      </>
    );
  if (kind === 'region') return <Link to={`/regio/${encodeURIComponent(id)}`}>{text}</Link>;
  return <>{text}</>;
}
