import { randomUUID } from 'node:crypto';
import { openEventStore, type EventStore, type RecordedEvent } from '@akkoord/event-store';
import { akkoord, exited, startAkkoord, tempLedger, waitForOutput } from './cli-harness.js';

const actor = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'] };

describe('akkoord events tail', () => {
  const ledger = tempLedger();
  let store: EventStore;
  let time = Date.parse('2020-01-01T09:00:00Z');
  const append = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_x, i) =>
        store.append(
          `partner-p${randomUUID().slice(0, 8)}`,
          [{ eventId: randomUUID(), type: 'PartnerRegistered', data: { i }, metadata: { actor } }],
          'no_stream',
        ),
      ),
    );
  const all = (): Promise<RecordedEvent[]> => store.readAll({ fromPosition: 1, limit: 1000 });
  const positionsOf = (ndjson: string) =>
    ndjson
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as RecordedEvent).globalPosition);

  beforeAll(async () => {
    store = await openEventStore(ledger.url, { clock: () => new Date((time += 60_000)) });
    await append(25);
  });
  afterAll(async () => {
    await store.close();
    ledger.remove();
  });

  it('prints the last 10 events, one line each: position, recordedAt, type, stream, actor', async () => {
    const result = await akkoord([...ledger.store, 'events', 'tail']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    const events = await all();
    const last = events[24];
    expect(lines[9].trim().split(/\s+/)).toEqual([
      '25',
      last.metadata.recordedAt,
      'PartnerRegistered',
      last.streamId,
      'po@programme-office',
    ]);
    expect(lines[0].trim().startsWith('16 ')).toBe(true);
  });

  it('prints envelopes as ndjson from a position, at most --limit of them', async () => {
    const result = await akkoord([
      ...ledger.store,
      'events',
      'tail',
      '--from',
      '3',
      '--limit',
      '2',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const printed = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordedEvent);
    expect(printed).toEqual((await all()).slice(2, 4));
    const rest = await akkoord([...ledger.store, 'events', 'tail', '--from', '20', '--format', 'json']);
    expect(positionsOf(rest.stdout)).toEqual([20, 21, 22, 23, 24, 25]);
  });

  it('follows the log live until SIGINT', async () => {
    const child = startAkkoord([...ledger.store, 'events', 'tail', '--follow', '--limit', '3', '--format', 'json']);
    try {
      const seen = waitForOutput(child.stdout, (text) => text.trim().split('\n').length >= 3);
      expect(positionsOf(await seen)).toEqual([23, 24, 25]);
      const more = waitForOutput(child.stdout, (text) => text.trim().split('\n').length >= 2);
      await append(2);
      expect(positionsOf(await more)).toEqual([26, 27]);
      child.kill('SIGINT');
      expect(await exited(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('with --from and --limit, follows until it has printed that many', async () => {
    const child = startAkkoord([...ledger.store, 'events', 'tail', '--follow', '--from', '27', '--limit', '2']);
    try {
      await waitForOutput(child.stdout, (text) => text.includes('PartnerRegistered'));
      await append(1);
      expect(await exited(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a format it does not know, and a limit of 0, with exit code 2', async () => {
    expect((await akkoord([...ledger.store, 'events', 'tail', '--format', 'yaml'])).code).toBe(2);
    expect((await akkoord([...ledger.store, 'events', 'tail', '--limit', '0'])).code).toBe(2);
  });

  it('explains itself with --help', async () => {
    const help = await akkoord(['events', 'tail', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: akkoord events tail/);
    expect(help.stdout).toMatch(/--follow/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
