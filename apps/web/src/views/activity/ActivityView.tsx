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
  return (
    <>
      <dl className="facts">
        <dt>{nl.filters.regio}</dt>
        <dd>
          <Link to={`/regio/${encodeURIComponent(a.regionId)}`}>{a.regionId}</Link>
        </dd>
        <dt>{nl.filters.categorie}</dt>
        <dd>{label(nl.category, a.category)}</dd>
        <dt>{nl.activity.lead}</dt>
        <dd>{a.leadPartnerId}</dd>
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
      <table>
        <caption className="muted">{nl.activity.targets}</caption>
        <thead>
          <tr>
            <th scope="col">{nl.activity.indicator}</th>
            <th scope="col">{nl.activity.target}</th>
            <th scope="col">{nl.activity.realised}</th>
            <th scope="col">{nl.activity.dueDate}</th>
          </tr>
        </thead>
        <tbody>
          {a.targets.map((t) => (
            <tr key={t.indicator}>
              <td>{label(nl.indicator, t.indicator)}</td>
              <td className="num">{fmtNumber(t.target)}</td>
              <td className="num">{fmtNumber(a.realised.find((r) => r.indicator === t.indicator)?.value)}</td>
              <td>{fmtDate(t.dueDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
            <div className="table-wrap">
              <table>
                <caption className="muted">{nl.activity.statusHistory}</caption>
                <thead>
                  <tr>
                    <th scope="col">{nl.filters.periode}</th>
                    <th scope="col">{nl.filters.status}</th>
                    <th scope="col">{nl.activity.realised}</th>
                    <th scope="col">{nl.activity.note}</th>
                    <th scope="col">{nl.activity.validFrom}</th>
                    <th scope="col">{nl.activity.recordedAt}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.reports.map((r) => (
                    <tr key={`${r.period}-${r.recordedAt}`}>
                      <td>{r.period}</td>
                      <td>
                        {label(nl.status, r.status)}
                        {r.correction ? ` (${nl.activity.correction}: ${r.correctionReason ?? ''})` : ''}
                      </td>
                      <td>
                        {r.realised.map((v) => `${label(nl.indicator, v.indicator)} ${fmtNumber(v.value)}`).join(', ')}
                      </td>
                      <td>{r.note ?? ''}</td>
                      <td>{fmtDate(r.validFrom)}</td>
                      <td>{fmtDateTime(r.recordedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
  return (
    <section aria-labelledby="commitments">
      <h2 id="commitments">{nl.activity.commitments}</h2>
      <div className="table-wrap">
        <table>
          <caption className="muted">{nl.activity.commitments}</caption>
          <thead>
            <tr>
              <th scope="col">{nl.activity.partner}</th>
              <th scope="col">{nl.activity.kind}</th>
              <th scope="col">{nl.activity.amount}</th>
              <th scope="col">{nl.activity.state}</th>
              <th scope="col">{nl.activity.realised}</th>
              <th scope="col">{nl.activity.recordedAt}</th>
            </tr>
          </thead>
          <tbody>
            {activity.commitments.map((c) => (
              <tr key={c.commitmentId}>
                <td>{c.partnerId}</td>
                <td>{label(nl.commitmentKind, c.kind)}</td>
                <td className="num">{fmtNumber(c.amount)}</td>
                <td>{label(nl.commitmentState, c.status)}</td>
                <td className="num">{fmtNumber(c.realisedAmount)}</td>
                <td>{fmtDate(c.committedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
  return (
    <section aria-labelledby="activity-events">
      <h2 id="activity-events">{nl.activity.events}</h2>
      <Query query={events}>
        {(body) => (
          <div className="table-wrap">
            <table>
              <caption className="muted">{nl.activity.events}</caption>
              <thead>
                <tr>
                  <th scope="col">{nl.audit.position}</th>
                  <th scope="col">{nl.activity.type}</th>
                  <th scope="col">{nl.activity.recordedAt}</th>
                  <th scope="col">{nl.activity.actor}</th>
                </tr>
              </thead>
              <tbody>
                {envelopesOf(body).map((e) => (
                  <tr key={e.globalPosition}>
                    <td className="num">{e.globalPosition}</td>
                    <td>{label(nl.eventType, e.type)}</td>
                    <td>{fmtDateTime(e.metadata.recordedAt)}</td>
                    <td>
                      {actors && e.metadata.actor
                        ? `${e.metadata.actor.userId} (${e.metadata.actor.organisationId})`
                        : nl.activity.actorHidden}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Query>
    </section>
  );
}
