/**
 * `/betrokkenheid`: partners × regions, each cell coloured (and lettered) by its signal — *actief, alleen getekend,
 * inactief* — in the window that ends at the chosen moment; a cell opens the evidence behind it.
 */
import { useMemo } from 'react';
import { useInvolvement, useRegions } from '../../api/hooks.js';
import type { InvolvementRow } from '../../api/types.js';
import { fmtDate } from '../../format.js';
import { label, nl } from '../../nl.js';
import { ProgrammeSelect, RegionSelect, useProgramme } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { Empty, Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';
import { lifeEnd } from '../monitor/MonitorView.js';
import { EvidencePanel } from './EvidencePanel.js';

const LETTER: Record<string, string> = { active: 'A', signing_only: 'G', inactive: 'I' };
/**
 * Up to this many regions the matrix shows them all (the country has 35 arbeidsmarktregio's); a ledger with more —
 * a test ledger of thousands — shows one region at a time, rather than a matrix no one can read (and an answer of
 * megabytes).
 */
const MATRIX_MAX_REGIONS = 60;

export function InvolvementView() {
  const [url, setUrl] = useUrlState();
  const { programme } = useProgramme();
  const asOf = asOfFrom(url.peildatum);
  const regions = useRegions();
  const regionCount = regions.data?.regions.length;
  const oneRegionAtATime = !url.regio && (regionCount === undefined || regionCount > MATRIX_MAX_REGIONS);
  const involvement = useInvolvement(
    oneRegionAtATime ? null : { regionId: url.regio, asOf, programmeId: programme?.id },
  );
  const regionName = useMemo(() => new Map((regions.data?.regions ?? []).map((r) => [r.id, r.name])), [regions.data]);

  return (
    <section aria-labelledby="inv-title">
      <h1 id="inv-title">{nl.involvement.title}</h1>
      <div className="filters">
        <ProgrammeSelect />
        <RegionSelect />
      </div>
      <Moment slider={programme ? { from: programme.startDate, to: lifeEnd(programme.endDate) } : undefined} />
      <ul className="legend" aria-label={nl.involvement.legend}>
        {Object.entries(LETTER).map(([signal, letter]) => (
          <li key={signal}>
            <span className={`badge sig-${signal}`}>{letter}</span> {nl.signal[signal]}
          </li>
        ))}
      </ul>
      {oneRegionAtATime && regionCount !== undefined && <Empty>{nl.involvement.chooseRegion(regionCount)}</Empty>}
      <Query query={involvement}>
        {(data) => (
          <>
            <p className="muted">
              {nl.involvement.window}: {fmtDate(data.window.from)} – {fmtDate(data.window.to)} ({data.window.months} mnd
              {data.window.basis ? `, ${label(nl.signalBasis, data.window.basis)}` : ''})
            </p>
            {data.rows.length === 0 ? (
              <Empty />
            ) : (
              <Matrix
                rows={data.rows}
                regionName={(id) => regionName.get(id) ?? id}
                onOpen={(partner, region) => setUrl({ partner, 'bewijs-regio': region })}
              />
            )}
          </>
        )}
      </Query>
      {url.partner && url['bewijs-regio'] && (
        <EvidencePanel
          partnerId={url.partner}
          regionId={url['bewijs-regio']}
          asOf={asOf}
          regionName={regionName.get(url['bewijs-regio']) ?? url['bewijs-regio']}
          onClose={() => setUrl({ partner: undefined, 'bewijs-regio': undefined })}
        />
      )}
    </section>
  );
}

function Matrix({
  rows,
  regionName,
  onOpen,
}: {
  rows: InvolvementRow[];
  regionName: (id: string) => string;
  onOpen: (partnerId: string, regionId: string) => void;
}) {
  const { partners, regionIds, cells } = useMemo(() => {
    const cells = new Map<string, InvolvementRow>();
    const partners = new Map<string, string>();
    for (const row of rows) {
      cells.set(`${row.partnerId}|${row.regionId}`, row);
      partners.set(row.partnerId, row.partnerName ?? row.partnerId);
    }
    const regionIds = [...new Set(rows.map((r) => r.regionId))].sort((a, b) =>
      regionName(a).localeCompare(regionName(b), 'nl'),
    );
    return { partners: [...partners].sort((a, b) => a[1].localeCompare(b[1], 'nl')), regionIds, cells };
  }, [rows, regionName]);

  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={nl.involvement.title}>
      <table className="matrix">
        <caption>
          {nl.involvement.intro} ({partners.length} × {regionIds.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">{nl.involvement.partner}</th>
            {regionIds.map((id) => (
              <th scope="col" key={id} className="vertical">
                <span>{regionName(id)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {partners.map(([partnerId, name]) => (
            <tr key={partnerId}>
              <th scope="row">{name}</th>
              {regionIds.map((regionId) => {
                const cell = cells.get(`${partnerId}|${regionId}`);
                if (!cell) return <td key={regionId} />;
                return (
                  <td key={regionId} className={`sig-${cell.signal}`}>
                    <button
                      type="button"
                      className="cellbtn"
                      aria-label={nl.involvement.cellLabel(name, regionName(regionId), label(nl.signal, cell.signal))}
                      onClick={() => onOpen(partnerId, regionId)}
                    >
                      {LETTER[cell.signal] ?? '?'}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
