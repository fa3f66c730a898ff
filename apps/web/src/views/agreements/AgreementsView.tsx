/** `/afspraken`: agreements per region (`regio` in the URL), at the chosen moment. */
import { Link } from 'react-router';
import { useAgreements } from '../../api/hooks.js';
import { fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { RegionSelect } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { Empty, Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';

export function AgreementsView() {
  const [url] = useUrlState();
  const agreements = useAgreements({ regionId: url.regio, asOf: asOfFrom(url.peildatum), limit: 1000 });
  return (
    <section aria-labelledby="agreements-title">
      <h1 id="agreements-title">{nl.agreements.title}</h1>
      <div className="filters">
        <RegionSelect />
      </div>
      <Moment />
      <Query query={agreements}>
        {({ agreements: list }) =>
          list.length === 0 ? (
            <Empty>{nl.agreements.noneInRegion}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>
                  {nl.agreements.title} ({fmtNumber(list.length)})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{nl.agreements.titleCol}</th>
                    <th scope="col">{nl.filters.regio}</th>
                    <th scope="col">{nl.agreements.kind}</th>
                    <th scope="col">{nl.agreements.status}</th>
                    <th scope="col">{nl.agreements.version}</th>
                    <th scope="col">{nl.agreements.signatures}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/afspraken/${encodeURIComponent(a.id)}`}>{a.title}</Link>
                      </td>
                      <td>{a.regionId}</td>
                      <td>{label(nl.agreementKind, a.kind)}</td>
                      <td>{label(nl.agreementStatus, a.status)}</td>
                      <td className="num">{a.currentVersion}</td>
                      <td className="num">
                        {fmtNumber(a.signatures)} / {fmtNumber(a.parties.length)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Query>
    </section>
  );
}
