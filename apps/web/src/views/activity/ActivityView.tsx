/**
 * `/activiteit/:id`: status history, targets and ambition changes, commitments per partner with fulfilments and
 * withdrawals, borging steps, and the events behind it (who recorded them only for roles that may see that).
 */
import { Link, useNavigate, useParams } from 'react-router';
import {
  envelopesOf,
  useActivities,
  useActivity,
  useActivityEvents,
  useBorgingHistory,
  useSession,
  useStatusHistory,
} from '../../api/hooks.js';
import type { Activity, Session } from '../../api/types.js';
import { fmtDate, fmtDateTime, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { RegionSelect } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { PlainTable } from '../../ui/PlainTable.js';
import { usePartnerName, useRegionName } from '../../ui/names.js';
import { Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';

export function ActivityView() {
  const { id } = useParams();
  return id ? <OneActivity id={id} /> : <FindActivity />;
}

function FindActivity() {
  const [url] = useUrlState();
  const navigate = useNavigate();
  const activities = useActivities({ regionId: url.regio, limit: 1000 }, !!url.regio);
  return (
    <section>
      <h1>{nl.activity.title}</h1>
      <div className="filters">
        <RegionSelect all={false} />
        {activities.data && (
          <div className="field">
            <label htmlFor="activity-pick">{nl.activity.findById}</label>
            <select
              id="activity-pick"
              defaultValue=""
              onChange={(e) => e.target.value && navigate(`/activiteit/${encodeURIComponent(e.target.value)}`)}
            >
              <option value="">{nl.entry.choose}</option>
              {activities.data.activities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
    </section>
  );
}

/** Who recorded an event is shown to the programme office, auditors and the region's coordinators. */
export function maySeeActors(session: Session | null | undefined, regionId: string): boolean {
  if (!session) return false;
  if (session.roles.some((r) => r === 'programme_office' || r === 'auditor')) return true;
  return session.roles.includes('region_coordinator') && session.regionIds.includes(regionId);
}

function OneActivity({ id }: { id: string }) {
  const [url] = useUrlState();
  const asOf = asOfFrom(url.peildatum);
  const activity = useActivity(id, asOf, url['geldig-op']);
  return (
    <section aria-labelledby="activity-title">
      <Query query={activity}>
        {(a) => (
          <>
            <h1 id="activity-title">{a.title}</h1>
            <Moment />
            <Facts activity={a} />
            <StatusHistoryTable id={id} asOf={asOf} />
            <Commitments activity={a} />
            <BorgingSteps id={id} regionId={a.regionId} />
            <Events id={id} regionId={a.regionId} />
          </>
        )}
      </Query>
    </section>
  );
}

function Facts({ activity: a }: { activity: Activity }) {
  const regionName = useRegionName();
  const partnerName = usePartnerName(a.regionId);
  return (
    <>
      <dl className="facts">
        <dt>{nl.filters.regio}</dt>
        <dd>
          <Link to={`/regio/${encodeURIComponent(a.regionId)}`}>{regionName(a.regionId)}</Link>
        </dd>
        <dt>{nl.filters.categorie}</dt>
        <dd>{label(nl.category, a.category)}</dd>
        <dt>{nl.activity.lead}</dt>
        <dd>{partnerName(a.leadPartnerId)}</dd>
        <dt>{nl.activity.period}</dt>
        <dd>
          {fmtDate(a.startDate)} – {fmtDate(a.endDate)}
        </dd>
        <dt>{nl.filters.status}</dt>
        <dd>
          {label(nl.status, a.status ?? 'unreported')} {a.statusPeriod ? `(${a.statusPeriod})` : ''}
        </dd>
        <dt>{nl.region.borging}</dt>
        <dd>
          {label(nl.borgingState, a.borging?.state ?? 'not_started')}
          {a.borging?.mechanism ? ` (${label(nl.mechanism, a.borging.mechanism)})` : ''}
        </dd>
      </dl>
      <h2>{nl.activity.targets}</h2>
      <PlainTable
        caption={nl.activity.targets}
        wrap={false}
        rows={a.targets}
        rowKey={(t) => t.indicator}
        columns={[
          { heading: nl.activity.indicator, cell: (t) => label(nl.indicator, t.indicator) },
          { heading: nl.activity.target, num: true, cell: (t) => fmtNumber(t.target) },
          {
            heading: nl.activity.realised,
            num: true,
            cell: (t) => fmtNumber(a.realised.find((r) => r.indicator === t.indicator)?.value),
          },
          { heading: nl.activity.dueDate, cell: (t) => fmtDate(t.dueDate) },
        ]}
      />
    </>
  );
}

function StatusHistoryTable({ id, asOf }: { id: string; asOf?: string }) {
  const history = useStatusHistory(id, asOf);
  return (
    <section aria-labelledby="status-history">
      <h2 id="status-history">{nl.activity.statusHistory}</h2>
      <Query query={history}>
        {(h) => (
          <>
            <PlainTable
              caption={nl.activity.statusHistory}
              rows={h.reports}
              rowKey={(r) => `${r.period}-${r.recordedAt}`}
              columns={[
                { heading: nl.filters.periode, cell: (r) => <span className="nowrap">{r.period}</span> },
                {
                  heading: nl.filters.status,
                  cell: (r) =>
                    label(nl.status, r.status) +
                    (r.correction ? ` (${nl.activity.correction}: ${r.correctionReason ?? ''})` : ''),
                },
                {
                  heading: nl.activity.realised,
                  cell: (r) =>
                    r.realised.map((v) => `${label(nl.indicator, v.indicator)} ${fmtNumber(v.value)}`).join(', '),
                },
                { heading: nl.activity.note, cell: (r) => r.note ?? '' },
                { heading: nl.activity.validFrom, cell: (r) => fmtDate(r.validFrom) },
                {
                  heading: nl.activity.recordedAt,
                  cell: (r) => <span className="nowrap">{fmtDateTime(r.recordedAt)}</span>,
                },
              ]}
            />
            {h.ambitions.length > 0 && (
              <>
                <h3>{nl.activity.ambitionChanges}</h3>
                <ul>
                  {h.ambitions.map((a) => (
                    <li key={a.recordedAt}>
                      {fmtDateTime(a.recordedAt)}:{' '}
                      {a.targets.map((t) => `${label(nl.indicator, t.indicator)} ${fmtNumber(t.target)}`).join(', ')}
                      {a.reason ? ` — ${nl.activity.reason}: ${a.reason}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Query>
    </section>
  );
}

function Commitments({ activity }: { activity: Activity }) {
  const partnerName = usePartnerName(activity.regionId);
  return (
    <section aria-labelledby="commitments">
      <h2 id="commitments">{nl.activity.commitments}</h2>
      <PlainTable
        caption={nl.activity.commitments}
        rows={activity.commitments}
        rowKey={(c) => c.commitmentId}
        columns={[
          { heading: nl.activity.partner, cell: (c) => partnerName(c.partnerId) },
          { heading: nl.activity.kind, cell: (c) => label(nl.commitmentKind, c.kind) },
          { heading: nl.activity.amount, num: true, cell: (c) => fmtNumber(c.amount) },
          { heading: nl.activity.state, cell: (c) => label(nl.commitmentState, c.status) },
          { heading: nl.activity.realised, num: true, cell: (c) => fmtNumber(c.realisedAmount) },
          { heading: nl.activity.recordedAt, cell: (c) => fmtDate(c.committedAt) },
        ]}
      />
    </section>
  );
}

function BorgingSteps({ id, regionId }: { id: string; regionId: string }) {
  const history = useBorgingHistory(id);
  const session = useSession();
  const actors = maySeeActors(session.data, regionId);
  return (
    <section aria-labelledby="borging-steps">
      <h2 id="borging-steps">{nl.activity.borgingSteps}</h2>
      <Query query={history}>
        {(h) => (
          <ol>
            {h.steps.map((s) => (
              <li key={s.position}>
                {fmtDate(s.effectiveFrom)}: {label(nl.borgingState, s.previousState)} →{' '}
                {label(nl.borgingState, s.state)}
                {s.mechanism ? ` (${label(nl.mechanism, s.mechanism)})` : ''}
                {s.note ? ` — ${s.note}` : ''}
                {actors && s.actor ? <span className="muted"> ({s.actor.userId})</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Query>
    </section>
  );
}

function Events({ id, regionId }: { id: string; regionId: string }) {
  const events = useActivityEvents(id);
  const session = useSession();
  const actors = maySeeActors(session.data, regionId);
  const partnerName = usePartnerName(regionId);
  return (
    <section aria-labelledby="activity-events">
      <h2 id="activity-events">{nl.activity.events}</h2>
      <Query query={events}>
        {(body) => (
          <PlainTable
            caption={nl.activity.events}
            rows={envelopesOf(body)}
            rowKey={(e) => e.globalPosition}
            columns={[
              { heading: nl.audit.position, num: true, cell: (e) => e.globalPosition },
              { heading: nl.activity.type, cell: (e) => label(nl.eventType, e.type) },
              { heading: nl.activity.recordedAt, cell: (e) => fmtDateTime(e.metadata.recordedAt) },
              {
                heading: nl.activity.actor,
                cell: (e) =>
                  actors && e.metadata.actor
                    ? `${e.metadata.actor.userId} (${partnerName(e.metadata.actor.organisationId)})`
                    : nl.activity.actorHidden,
              },
            ]}
          />
        )}
      </Query>
    </section>
  );
}
