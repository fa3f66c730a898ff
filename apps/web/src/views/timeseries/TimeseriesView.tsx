/**
 * `/tijdreeks`: statuses per month or quarter as a stacked area or bar chart with a range zoom, filters on programme,
 * region and category, the table under it, and downloads through the export routes.
 */
import { useMemo } from 'react';
import { useTimeSeries } from '../../api/hooks.js';
import { withQuery } from '../../api/client.js';
import type { TimeSeries } from '../../api/types.js';
import { fmtNumber, fmtPeriod } from '../../format.js';
import { nl } from '../../nl.js';
import { Chart, type ChartOption } from '../../ui/Chart.js';
import { CategorySelect, ProgrammeSelect, RegionSelect, Select, useProgramme } from '../../ui/Filters.js';
import { Moment } from '../../ui/Moment.js';
import { Query } from '../../ui/States.js';
import { asOfFrom, useUrlState } from '../../ui/url.js';

/** The export formats offered under the chart: Excel first, as the people who use it live in Excel. */
const DOWNLOADS = [
  ['xlsx', { format: 'xlsx' }],
  ['excel-nl', { format: 'csv', dialect: 'excel-nl' }],
  ['csv', { format: 'csv' }],
  ['parquet', { format: 'parquet' }],
] as const;

const SERIES = ['on_track', 'at_risk', 'needs_adjustment', 'unreported'] as const;
const COLOURS = { on_track: '#2e7d32', at_risk: '#e0a000', needs_adjustment: '#c62828', unreported: '#9aa3ab' };

export function TimeseriesView() {
  const [url, setUrl] = useUrlState();
  const { programme } = useProgramme();
  const interval = url.interval === 'month' ? 'month' : 'quarter';
  const kind = url.grafiek === 'staven' ? 'bar' : 'area';
  const params = {
    programmeId: programme?.id,
    interval,
    regionId: url.regio,
    category: url.categorie,
    asOf: asOfFrom(url.peildatum),
  };
  const series = useTimeSeries(params, !!programme);
  const { asOf: _asOf, ...exportFilters } = params;
  const exportParams = { ...exportFilters, ...(params.asOf && { asOf: params.asOf }) };

  return (
    <section aria-labelledby="ts-title">
      <h1 id="ts-title">{nl.timeseries.title}</h1>
      <div className="filters">
        <ProgrammeSelect />
        <RegionSelect />
        <CategorySelect />
        <Select
          label={nl.filters.interval}
          value={interval}
          options={[
            ['quarter', nl.filters.quarter],
            ['month', nl.filters.month],
          ]}
          onChange={(v) => setUrl({ interval: v === 'quarter' ? undefined : v })}
        />
        <Select
          label={nl.filters.chartType}
          value={kind}
          options={[
            ['area', nl.filters.area],
            ['bar', nl.filters.bar],
          ]}
          onChange={(v) => setUrl({ grafiek: v === 'bar' ? 'staven' : undefined })}
        />
      </div>
      <Moment />
      <Query query={series}>
        {(data) => (
          <>
            <SeriesChart data={data} kind={kind} />
            <p>
              {nl.timeseries.download}:{' '}
              {DOWNLOADS.map(([name, params], i) => (
                <span key={name}>
                  {i > 0 && ' · '}
                  <a href={withQuery('/api/exports/timeseries', { ...exportParams, ...params })} download>
                    {nl.timeseries.formats[name]}
                  </a>
                </span>
              ))}
            </p>
            <SeriesTable data={data} />
          </>
        )}
      </Query>
    </section>
  );
}

function SeriesChart({ data, kind }: { data: TimeSeries; kind: 'area' | 'bar' }) {
  const option = useMemo<ChartOption>(
    () => ({
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 72 },
      xAxis: { type: 'category', data: data.buckets.map((b) => b.period), boundaryGap: kind === 'bar' },
      yAxis: { type: 'value' },
      dataZoom: [{ type: 'slider', bottom: 16 }, { type: 'inside' }],
      series: SERIES.map((s) => ({
        name: nl.status[s],
        type: kind === 'bar' ? 'bar' : 'line',
        stack: 'status',
        areaStyle: kind === 'area' ? {} : undefined,
        symbol: 'none',
        itemStyle: { color: COLOURS[s] },
        lineStyle: { width: 1 },
        data: data.buckets.map((b) => b[s]),
      })),
    }),
    [data, kind],
  );
  const last = data.buckets[data.buckets.length - 1];
  const label = last
    ? `${nl.timeseries.title} ${data.buckets[0].period} – ${last.period}; ${last.period}: ${SERIES.map((s) => `${nl.status[s]} ${fmtNumber(last[s])}`).join(', ')}`
    : nl.timeseries.title;
  return <Chart option={option} label={label} />;
}

function SeriesTable({ data }: { data: TimeSeries }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{nl.timeseries.title}</caption>
        <thead>
          <tr>
            <th scope="col">{nl.filters.periode}</th>
            {SERIES.map((s) => (
              <th scope="col" key={s}>
                {nl.status[s]}
              </th>
            ))}
            <th scope="col">{nl.timeseries.open}</th>
          </tr>
        </thead>
        <tbody>
          {data.buckets.map((b) => (
            <tr key={b.period}>
              <th scope="row">{fmtPeriod(b.period)}</th>
              {SERIES.map((s) => (
                <td className="num" key={s}>
                  {fmtNumber(b[s])}
                </td>
              ))}
              <td className="num">{fmtNumber(b.open)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
