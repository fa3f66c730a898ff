/**
 * `/regio/:id`: the region as it stood at the chosen moment — members, activities with status, commitments,
 * agreements, borging — its timeline in Dutch one-liners, a slider that replays it, and *Wat is er veranderd*.
 */
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useActivities, useAgreements, useRegion, useRegions } from '../../api/hooks.js';
import { fmtDate, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { useProgramme } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { PlainTable } from '../../ui/PlainTable.js';
import { Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';
import { lifeEnd } from '../monitor/MonitorView.js';
import { ChangesPanel } from './ChangesPanel.js';
import { RegionActivities } from './RegionActivities.js';
import { RegionTimeline } from './RegionTimeline.js';

export function RegionView() {
  const { id } = useParams();
  return id ? <OneRegion id={id} /> : <RegionList />;
}

function RegionList() {
  const regions = useRegions();
  return (
    <section>
      <h1>{nl.region.title}</h1>
      <p>{nl.region.choose}</p>
      <Query query={regions}>
        {({ regions: list }) => (
          <ul className="columns">
            {list.map((r) => (
              <li key={r.id}>
                <Link to={`/regio/${encodeURIComponent(r.id)}`}>{r.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </Query>
    </section>
  );
}

function OneRegion({ id }: { id: string }) {
  const [url] = useUrlState();
  const asOf = asOfFrom(url.peildatum);
  const { programme } = useProgramme();
  const region = useRegion(id, asOf);
  const activities = useActivities({ regionId: id, asOf, limit: 1000 });
  const agreements = useAgreements({ regionId: id, asOf, limit: 1000 });
  const name = region.data?.name ?? id;

  return (
    <section aria-labelledby="region-title">
      <h1 id="region-title">
        {nl.region.title} {name}
      </h1>
      <Moment slider={programme ? { from: programme.startDate, to: lifeEnd(programme.endDate) } : undefined} />
      <p className="muted" aria-live="polite">
        {nl.region.stateAt} {url.peildatum ? fmtDate(url.peildatum.slice(0, 10)) : nl.moment.now}
      </p>
      {region.error instanceof ApiError && region.error.status === 404 && url.peildatum && (
        <p role="status">{nl.region.notYet}</p>
      )}
      <div className="grid-2">
        <Query query={region}>
          {(r) => (
            <div>
              <h2>
                {nl.region.members} ({fmtNumber(r.members.length)})
              </h2>
              <PlainTable
                caption={nl.region.members}
                wrap={false}
                rows={r.members}
                rowKey={(m) => m.partnerId}
                columns={[
                  { heading: nl.involvement.partner, cell: (m) => m.name },
                  { heading: nl.region.role, cell: (m) => label(nl.memberRole, m.role) },
                  { heading: nl.region.since, cell: (m) => fmtDate(m.joinedAt) },
                ]}
              />
              <h2>{nl.region.activities}</h2>
              <dl className="counts">
                <dt>{nl.region.total}</dt>
                <dd>{fmtNumber(r.activities.total)}</dd>
                {Object.entries(r.activities.byStatus).map(([s, n]) => (
                  <div key={s}>
                    <dt>{label(nl.status, s)}</dt>
                    <dd>{fmtNumber(n)}</dd>
                  </div>
                ))}
                <dt>{nl.region.closed}</dt>
                <dd>{fmtNumber(r.activities.closed)}</dd>
              </dl>
            </div>
          )}
        </Query>
        <div>
          <h2>{nl.region.agreements}</h2>
          <Query query={agreements}>
            {({ agreements: list }) =>
              list.length === 0 ? (
                <p>{nl.agreements.noneInRegion}</p>
              ) : (
                <ul>
                  {list.map((a) => (
                    <li key={a.id}>
                      <Link to={`/afspraken/${encodeURIComponent(a.id)}`}>{a.title}</Link>{' '}
                      <span className="badge">{label(nl.agreementStatus, a.status)}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Query>
          <RegionTimeline id={id} />
        </div>
      </div>
      <Query query={activities}>{({ activities: list }) => <RegionActivities activities={list} />}</Query>
      <ChangesPanel id={id} />
    </section>
  );
}
