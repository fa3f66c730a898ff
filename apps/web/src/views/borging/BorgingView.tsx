/** `/borging`: totals per borging state per region and programme, and per activity the history of its steps. */
import { useState } from 'react';
import { Link } from 'react-router';
import { useBorging, useBorgingHistory } from '../../api/hooks.js';
import { fmtDate, fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { ProgrammeSelect, RegionSelect, useProgramme } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { useActivityTitle, useRegionName } from '../../ui/names.js';
import { PlainTable } from '../../ui/PlainTable.js';
import { Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';

const STATES = ['not_started', 'in_preparation', 'secured', 'not_secured'] as const;

export function BorgingView() {
  const [url] = useUrlState();
  const { programme } = useProgramme();
  const borging = useBorging({ programmeId: programme?.id, regionId: url.regio, asOf: asOfFrom(url.peildatum) });
  const name = useRegionName();
  const title = useActivityTitle(url.regio);
  return (
    <section aria-labelledby="borging-title">
      <h1 id="borging-title">{nl.borging.title}</h1>
      <div className="filters">
        <ProgrammeSelect />
        <RegionSelect />
      </div>
      <Moment />
      <Query query={borging}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <caption>{nl.borging.totals}</caption>
                <thead>
                  <tr>
                    <th scope="col">{nl.filters.regio}</th>
                    {STATES.map((s) => (
                      <th scope="col" key={s}>
                        {nl.borgingState[s]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr className="total">
                    <th scope="row">{programme?.name ?? nl.region.total}</th>
                    {STATES.map((s) => (
                      <td className="num" key={s}>
                        {fmtNumber(data.totals[s] ?? 0)}
                      </td>
                    ))}
                  </tr>
                  {data.byRegion.map((r) => (
                    <tr key={r.regionId}>
                      <th scope="row">
                        <Link to={`/regio/${encodeURIComponent(r.regionId)}`}>{name(r.regionId)}</Link>
                      </th>
                      {STATES.map((s) => (
                        <td className="num" key={s}>
                          {fmtNumber(r.totals[s] ?? 0)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {url.regio && (
              <section aria-labelledby="borging-activities">
                <h2 id="borging-activities">{nl.borging.perActivity}</h2>
                <PlainTable
                  caption={nl.borging.perActivity}
                  rows={data.activities}
                  rowKey={(a) => a.activityId}
                  columns={[
                    {
                      heading: nl.activity.title,
                      cell: (a) => (
                        <Link to={`/activiteit/${encodeURIComponent(a.activityId)}`}>{title(a.activityId)}</Link>
                      ),
                    },
                    { heading: nl.activity.state, cell: (a) => label(nl.borgingState, a.state) },
                    {
                      heading: nl.borging.mechanism,
                      cell: (a) => (a.mechanism ? label(nl.mechanism, a.mechanism) : nl.dash),
                    },
                    { heading: nl.borging.effectiveFrom, cell: (a) => fmtDate(a.effectiveFrom) },
                    { heading: nl.borging.history, cell: (a) => <Steps id={a.activityId} /> },
                  ]}
                />
              </section>
            )}
          </>
        )}
      </Query>
    </section>
  );
}

function Steps({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const history = useBorgingHistory(open ? id : undefined);
  if (!open)
    return (
      <button
        type="button"
        className="link"
        onClick={() => setOpen(true)}
        aria-label={`${nl.borging.showHistory}: ${id}`}
      >
        {nl.borging.showHistory}
      </button>
    );
  return (
    <Query query={history}>
      {(h) => (
        <ol>
          {h.steps.map((s) => (
            <li key={s.position}>
              {fmtDate(s.effectiveFrom)}: {label(nl.borgingState, s.state)}
              {s.mechanism ? ` (${label(nl.mechanism, s.mechanism)})` : ''}
            </li>
          ))}
        </ol>
      )}
    </Query>
  );
}
