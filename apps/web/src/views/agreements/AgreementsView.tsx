/** `/afspraken`: agreements per region (`regio` in the URL), at the chosen moment. */
import { Link } from 'react-router';
import { useAgreements } from '../../api/hooks.js';
import { fmtNumber } from '../../format.js';
import { label, nl } from '../../nl.js';
import { RegionSelect } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { useRegionName } from '../../ui/names.js';
import { PlainTable } from '../../ui/PlainTable.js';
import { Empty, Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';

export function AgreementsView() {
  const [url] = useUrlState();
  const regionName = useRegionName();
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
            <PlainTable
              caption={`${nl.agreements.title} (${fmtNumber(list.length)})`}
              hiddenCaption={false}
              rows={list}
              rowKey={(a) => a.id}
              columns={[
                {
                  heading: nl.agreements.titleCol,
                  cell: (a) => <Link to={`/afspraken/${encodeURIComponent(a.id)}`}>{a.title}</Link>,
                },
                { heading: nl.filters.regio, cell: (a) => regionName(a.regionId) },
                { heading: nl.agreements.kind, cell: (a) => label(nl.agreementKind, a.kind) },
                { heading: nl.agreements.status, cell: (a) => label(nl.agreementStatus, a.status) },
                { heading: nl.agreements.version, num: true, cell: (a) => a.currentVersion },
                {
                  heading: nl.agreements.signatures,
                  num: true,
                  cell: (a) => `${fmtNumber(a.signatures)} / ${fmtNumber(a.parties.length)}`,
                },
              ]}
            />
          )
        }
      </Query>
    </section>
  );
}
