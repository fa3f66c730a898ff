/** *Wat is er veranderd*: two moments (`van`, `tot` in the URL) and what was added, changed and ended between them. */
import { useId } from 'react';
import { useRegionChanges } from '../../api/hooks.js';
import type { Change } from '../../api/types.js';
import { fmtDate } from '../../format.js';
import { label, nl } from '../../nl.js';
import { Query } from '../../ui/States.js';
import { useUrlState } from '../../ui/url.js';

export function ChangesPanel({ id }: { id: string }) {
  const key = useId();
  const [url, setUrl] = useUrlState();
  const changes = useRegionChanges(id, url.van, url.tot);
  return (
    <section className="panel" aria-labelledby={`${key}-title`}>
      <h2 id={`${key}-title`}>{nl.region.changes}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${key}-from`}>{nl.region.changesFrom}</label>
          <input
            id={`${key}-from`}
            type="date"
            value={url.van ?? ''}
            onChange={(e) => setUrl({ van: e.target.value }, true)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${key}-to`}>{nl.region.changesTo}</label>
          <input
            id={`${key}-to`}
            type="date"
            value={url.tot ?? ''}
            onChange={(e) => setUrl({ tot: e.target.value }, true)}
          />
        </div>
      </div>
      {url.van && url.tot && (
        <Query query={changes}>
          {(diff) =>
            diff.added.length + diff.changed.length + diff.ended.length === 0 ? (
              <p>{nl.region.nothingChanged}</p>
            ) : (
              <div className="grid-2">
                <ChangeList
                  title={`${nl.region.added} (${fmtDate(url.van)} – ${fmtDate(url.tot)})`}
                  items={diff.added}
                />
                <ChangeList title={nl.region.changed} items={diff.changed} />
                <ChangeList title={nl.region.ended} items={diff.ended} />
              </div>
            )
          }
        </Query>
      )}
    </section>
  );
}

function ChangeList({ title, items }: { title: string; items: Change[] }) {
  return (
    <div>
      <h3>
        {title} ({items.length})
      </h3>
      <ul>
        {items.map((c) => (
          <li key={`${c.kind}:${c.id}:${c.before ?? ''}:${c.after ?? ''}`}>
            <span className="badge">{label(nl.changeKind, c.kind)}</span> {c.label}
            {(c.before || c.after) && (
              <span className="muted">
                {' '}
                ({describe(c.kind, c.before)} → {describe(c.kind, c.after)})
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describe(kind: string, value: string | null | undefined): string {
  if (!value) return nl.dash;
  const table =
    kind === 'status'
      ? nl.status
      : kind === 'borging'
        ? nl.borgingState
        : kind === 'member'
          ? nl.memberRole
          : kind === 'agreement'
            ? nl.agreementStatus
            : kind === 'commitment'
              ? nl.commitmentState
              : {};
  return label(table, value);
}
