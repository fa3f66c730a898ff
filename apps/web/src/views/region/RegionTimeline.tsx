/** The region's events up to the moment, newest first, as Dutch one-liners. */
import { useRegionTimeline } from '../../api/hooks.js';
import { fmtDateTime } from '../../format.js';
import { nl } from '../../nl.js';
import { Query } from '../../ui/States.js';
import { useUrlState } from '../../ui/url.js';

/** The last instant the moment covers: a plain date means the end of that day. */
export function momentCutoff(peildatum: string | undefined): number {
  if (!peildatum) return Number.POSITIVE_INFINITY;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(peildatum) ? `${peildatum}T23:59:59.999` : peildatum;
  return new Date(at).getTime();
}

export function RegionTimeline({ id }: { id: string }) {
  const [url] = useUrlState();
  const timeline = useRegionTimeline(id);
  const cutoff = momentCutoff(url.peildatum);
  return (
    <section aria-labelledby="region-timeline">
      <h2 id="region-timeline">{nl.region.timeline}</h2>
      <Query query={timeline}>
        {({ events }) => {
          const shown = events.filter((e) => Date.parse(e.recordedAt) <= cutoff).reverse();
          if (shown.length === 0) return <p>{nl.region.noEvents}</p>;
          return (
            <ol className="timeline" reversed aria-label={nl.region.timeline}>
              {shown.slice(0, 200).map((e) => (
                <li key={e.position}>
                  <time dateTime={e.recordedAt}>{fmtDateTime(e.recordedAt)}</time> — {e.description.nl}
                </li>
              ))}
            </ol>
          );
        }}
      </Query>
    </section>
  );
}
