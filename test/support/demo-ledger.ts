import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemo } from '@akkoord/demo';
import { openEventStore, type RecordedEvent } from '@akkoord/event-store';

/**
 * The demo ledger, or a part of it: `regionIds` keeps the programme, those regions, their members' partner streams,
 * and the activities and agreements planned or drafted in them. The demo is written through the real commands into a
 * scratch SQLite file (a few seconds), and the kept events are appended to `storeUrl` in their order with their own
 * recordedAt and ids, one append per command. Writing the whole demo straight into PostgreSQL takes minutes on a busy
 * machine (one durable transaction per command); a few regions of it take seconds.
 */
export async function writeDemoLedger(storeUrl: string, regionIds?: readonly string[]): Promise<void> {
  if (regionIds === undefined) {
    await writeDemo(storeUrl);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-demo-'));
  try {
    const scratch = `sqlite:${join(dir, 'demo.db')}`;
    await writeDemo(scratch);
    const source = await openEventStore(scratch);
    const events: RecordedEvent[] = [];
    try {
      for (;;) {
        const batch = await source.readAll({ fromPosition: events.length + 1, limit: 5000 });
        if (batch.length === 0) break;
        events.push(...batch);
      }
    } finally {
      await source.close();
    }
    await copyEvents(storeUrl, events.filter(keepOnly(events, new Set(regionIds))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function keepOnly(events: RecordedEvent[], regions: Set<string>): (event: RecordedEvent) => boolean {
  const streams = new Set<string>();
  for (const e of events) {
    const d = e.data as { regionId?: string; partnerId?: string };
    const inRegion = d.regionId !== undefined && regions.has(d.regionId);
    if (e.type === 'RegionRegistered' && inRegion) streams.add(e.streamId);
    if (e.type === 'PartnerJoinedRegion' && inRegion) streams.add(`partner-${d.partnerId}`);
    if ((e.type === 'ActivityPlanned' || e.type === 'AgreementDrafted') && inRegion) streams.add(e.streamId);
  }
  return (e) => e.streamId.startsWith('programme-') || streams.has(e.streamId);
}

/** Appends events in their order, each command's events (same stream, same instant) in one append. */
async function copyEvents(storeUrl: string, events: RecordedEvent[]): Promise<void> {
  let now = new Date(0);
  const target = await openEventStore(storeUrl, { clock: () => now });
  try {
    for (let i = 0; i < events.length;) {
      const first = events[i];
      let j = i + 1;
      while (
        j < events.length &&
        events[j].streamId === first.streamId &&
        events[j].metadata.recordedAt === first.metadata.recordedAt
      ) {
        j += 1;
      }
      now = new Date(first.metadata.recordedAt);
      const run = events.slice(i, j).map(({ eventId, type, data, metadata }) => {
        const { recordedAt: _recordedAt, ...rest } = metadata;
        return { eventId, type, data, metadata: rest };
      });
      await target.append(first.streamId, run, 'any');
      i = j;
    }
  } finally {
    await target.close();
  }
}
