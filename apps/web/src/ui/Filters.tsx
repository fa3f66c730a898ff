/** Shared filter controls; each reads and writes its URL parameter. */
import { useId } from 'react';
import { useProgrammes, useRegions } from '../api/hooks.js';
import type { Programme } from '../api/types.js';
import { CATEGORIES } from '../api/types.js';
import { fmtPeriod } from '../format.js';
import { nl } from '../nl.js';
import { useUrlState } from './url.js';

/** The programme named by `programma`, else the most recent one. */
export function useProgramme(): {
  programme: Programme | undefined;
  programmes: Programme[];
  pending: boolean;
  error: unknown;
} {
  const [url] = useUrlState();
  const query = useProgrammes();
  const programmes = query.data?.programmes ?? [];
  const programme = programmes.find((p) => p.id === url.programma) ?? programmes[0];
  return { programme, programmes, pending: query.isPending, error: query.error };
}

export function Select({
  label,
  value,
  options,
  onChange,
  empty,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
  empty?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ProgrammeSelect({ withPeriod = false }: { withPeriod?: boolean }) {
  const [url, setUrl] = useUrlState();
  const { programme, programmes } = useProgramme();
  return (
    <>
      <Select
        label={nl.filters.programma}
        value={programme?.id ?? ''}
        options={programmes.map((p) => [p.id, p.name])}
        onChange={(id) => {
          const next = programmes.find((p) => p.id === id);
          setUrl({ programma: id, ...(withPeriod && { periode: next?.latestPeriod ?? undefined }) });
        }}
      />
      {withPeriod && programme && (
        <Select
          label={nl.filters.periode}
          value={url.periode ?? programme.latestPeriod ?? ''}
          options={[...programme.periods].reverse().map((p) => [p, `${fmtPeriod(p)} (${p})`])}
          onChange={(periode) => setUrl({ periode })}
        />
      )}
    </>
  );
}

export function RegionSelect({ param = 'regio', all = true }: { param?: string; all?: boolean }) {
  const [url, setUrl] = useUrlState();
  const regions = useRegions();
  return (
    <Select
      label={nl.filters.regio}
      value={url[param] ?? ''}
      empty={all ? nl.filters.allRegions : nl.region.choose}
      options={(regions.data?.regions ?? []).map((r) => [r.id, r.name])}
      onChange={(id) => setUrl({ [param]: id || undefined })}
    />
  );
}

export function CategorySelect() {
  const [url, setUrl] = useUrlState();
  return (
    <Select
      label={nl.filters.categorie}
      value={url.categorie ?? ''}
      empty={nl.filters.allCategories}
      options={CATEGORIES.map((c) => [c, nl.category[c]])}
      onChange={(c) => setUrl({ categorie: c || undefined })}
    />
  );
}
