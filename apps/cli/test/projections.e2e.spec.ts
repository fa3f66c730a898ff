import Database from 'better-sqlite3';
import { akkoord, tempLedger } from './cli-harness.js';

interface Status {
  name: string;
  version: number;
  position: number;
  headPosition: number;
  lag: number;
}

/** Every read-model table (everything but the ledger's own), rows in a fixed order. */
function dumpReadModels(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT IN ('events', 'akkoord_meta') ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => [
        t,
        (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

describe('akkoord projections', () => {
  const ledger = tempLedger();
  const status = async (): Promise<Status[]> => {
    const result = await akkoord([...ledger.store, 'projections', 'status', '--json']);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Status[];
  };

  beforeAll(async () => {
    const demo = await akkoord([...ledger.store, 'demo']);
    expect(demo.code).toBe(0);
  }, 90_000);
  afterAll(() => ledger.remove());

  it('shows each read model with its version, position, the head and the lag', async () => {
    const result = await akkoord([...ledger.store, 'projections', 'status']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['name', 'version', 'position', 'head', 'lag']);
    expect(rows.map((r) => r.split(/\s+/)[0])).toContain('activity_status');
    const json = await status();
    expect(json.length).toBe(rows.length);
    for (const s of json) expect(s).toMatchObject({ position: 0, lag: s.headPosition });
    expect(json[0].headPosition).toBeGreaterThan(7000);
  });

  it('catches up, then rebuilds every read model to exactly the same tables, showing progress', async () => {
    const caughtUp = await akkoord([...ledger.store, 'projections', 'catch-up']);
    expect(caughtUp.code).toBe(0);
    expect(caughtUp.stdout).toMatch(/^caught up .*: \d+ events in /);
    for (const s of await status()) expect(s.lag).toBe(0);
    const before = dumpReadModels(ledger.file);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['activity_versions', 'projection_checkpoints']));
    expect(before.activity_versions.length).toBeGreaterThan(1000);

    const rebuilt = await akkoord([...ledger.store, 'projections', 'rebuild']);
    expect(rebuilt.code).toBe(0);
    // not a terminal: plain progress lines, the last at the head, then one summary line
    const lines = rebuilt.stderr.trim().split('\n');
    for (const line of lines) {
      expect(line).toMatch(/^rebuild [a-z_, ]+: \d+\/\d+ events, \d+ events\/s, ETA [\d.]+s$/);
    }
    const head = (await status())[0].headPosition;
    expect(lines[lines.length - 1]).toContain(`: ${head}/${head} events`);
    expect(rebuilt.stdout).toMatch(
      new RegExp(`^rebuilt [a-z_, ]+: ${head} events in [\\d.]+s \\(\\d+ events/s\\)\\n$`),
    );
    expect(dumpReadModels(ledger.file)).toEqual(before);
  });

  it('rebuilds only the read models named', async () => {
    const before = dumpReadModels(ledger.file);
    const rebuilt = await akkoord([...ledger.store, 'projections', 'rebuild', 'activity_status']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt activity_status: /);
    expect(dumpReadModels(ledger.file)).toEqual(before);
  });

  it('refuses an unknown read model with exit code 2, naming the known ones', async () => {
    const result = await akkoord([...ledger.store, 'projections', 'rebuild', 'activity_status', 'nonsense']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^akkoord: No read model named nonsense; the read models are .*activity_status/);
  });

  it('explains itself with --help', async () => {
    for (const args of [['projections'], ['projections', 'status'], ['projections', 'rebuild']]) {
      const help = await akkoord([...args, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: akkoord ${args.join(' ')}`));
      expect(help.stdout).toMatch(/Examples:/);
    }
  });
});
