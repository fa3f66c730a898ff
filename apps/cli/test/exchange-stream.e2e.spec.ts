/**
 * A larger import through the real binary (`dist/apps/cli/src/main.js`) on a temp SQLite ledger made by `akkoord
 * demo`: 2,000 commitment rows are read as a stream, checked and appended in batches, with progress lines on stderr
 * (not a terminal); every value lands in the ledger, a second import appends nothing, and one bad row at the very end
 * of the file stops the whole import. The 100,000-row size is measured by `npm run bench:exchange`, not here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openEventStore, type RecordedEvent } from '@akkoord/event-store';

const BINARY = resolve('dist/apps/cli/src/main.js');
const OFFICE = 'exchange-stream-office-token-0123456789';
const ROWS = 2_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(storeUrl: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
    execFile(
      process.execPath,
      [BINARY, '--store', storeUrl, ...args],
      { maxBuffer: 64 * 1024 * 1024, env: { ...clean, AKKOORD_ADMIN_TOKEN: OFFICE, AKKOORD_TOKEN: OFFICE } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

async function committed(url: string, prefix = 's-'): Promise<RecordedEvent[]> {
  const store = await openEventStore(url);
  try {
    const events: RecordedEvent[] = [];
    for (let from = 1; ;) {
      const page = await store.readAll({ fromPosition: from, limit: 5_000 });
      events.push(
        ...page.filter((e) => e.type === 'PartnerCommitted' && String(e.data.commitmentId).startsWith(prefix)),
      );
      if (page.length < 5_000) return events;
      from = page[page.length - 1].globalPosition + 1;
    }
  } finally {
    await store.close();
  }
}

describe('akkoord import of a larger file (streamed, appended in batches)', () => {
  let dir: string;
  let url: string;
  let activities: [string, string][];
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'akkoord-exchange-stream-'));
    url = `sqlite:${join(dir, 'ledger.db')}`;
    const demo = await cli(url, ['demo', '--scale', '1']);
    expect(demo.code).toBe(0);
    const exported = await cli(url, ['export', 'activities', '--format', 'ndjson']);
    activities = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; leadPartnerId: string; closed: boolean })
      .filter((a) => !a.closed)
      .map((a) => [a.id, a.leadPartnerId]);
    expect(activities.length).toBeGreaterThan(10);
    lines.push('activiteit;toezegging;partner;soort;omvang;eenheid');
    for (let i = 0; i < ROWS; i++) {
      const [id, lead] = activities[i % activities.length];
      lines.push(`${id};s-${i};${lead};budget;${1000 + i},50;EUR`);
    }
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks and appends every row, showing progress, with the values and metadata of each', async () => {
    const path = join(dir, 'toezeggingen.csv');
    writeFileSync(path, lines.join('\r\n'));
    const run = await cli(url, ['import', 'commitments', path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ROWS} rows, ${ROWS} new, 0 already imported`);
    // not a terminal: plain progress lines, the last of each phase with every row
    expect(run.stderr).toMatch(new RegExp(`^check commitments: ${ROWS}/${ROWS} rows, \\d+ rows/s`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^append: ${ROWS}/${ROWS} rows, \\d+ rows/s`, 'm'));

    const events = await committed(url);
    expect(events).toHaveLength(ROWS);
    const byId = new Map(events.map((e) => [String(e.data.commitmentId), e]));
    for (const i of [0, 1, 999, 1000, ROWS - 1]) {
      const [id, lead] = activities[i % activities.length];
      const event = byId.get(`s-${i}`)!;
      expect(event.streamId).toBe(`activity-${id}`);
      expect(event.data).toEqual({
        activityId: id,
        commitmentId: `s-${i}`,
        partnerId: lead,
        kind: 'budget_eur',
        amount: 1000.5 + i,
        unit: 'EUR',
      });
      expect(event.metadata.actor).toMatchObject({ organisationId: lead, roles: ['partner_representative'] });
      expect(event.metadata.importedBy).toMatchObject({ roles: ['programme_office'] });
    }
    // one import, one correlation id; one command per row; the positions follow one another
    expect(new Set(events.map((e) => e.metadata.correlationId)).size).toBe(1);
    expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(ROWS);
    const positions = events.map((e) => e.globalPosition).sort((a, b) => a - b);
    expect(positions[ROWS - 1] - positions[0]).toBe(ROWS - 1);
    // the streams' versions have no gaps: each batch was appended at the version it was decided on
    const streams = new Map<string, number[]>();
    for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.streamVersion]);
    for (const versions of streams.values()) {
      const sorted = [...versions].sort((a, b) => a - b);
      expect(sorted[sorted.length - 1] - sorted[0]).toBe(sorted.length - 1);
    }
  }, 180_000);

  it('appends nothing when the same file is imported again', async () => {
    const run = await cli(url, ['import', 'commitments', join(dir, 'toezeggingen.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ROWS} rows, 0 new, ${ROWS} already imported`);
    expect(await committed(url)).toHaveLength(ROWS);
  }, 180_000);

  it('appends nothing when the last row of a long file is wrong, naming its row and column', async () => {
    const path = join(dir, 'toezeggingen-fout.csv');
    const [id, lead] = activities[0];
    const fresh = lines.slice(1).map((line) => line.replace(';s-', ';t-'));
    writeFileSync(path, [lines[0], ...fresh, `${id};t-last;${lead};budget;veel;EUR`].join('\n'));
    const run = await cli(url, ['import', 'commitments', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`row ${ROWS + 2}, column omvang:`);
    expect(run.stderr).toContain('nothing was imported, the ledger is unchanged');
    expect(await committed(url, 't-')).toHaveLength(0);
  }, 180_000);
});
