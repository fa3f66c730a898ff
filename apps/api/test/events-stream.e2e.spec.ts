import { openedWith } from '../../../test/support/personal-data.js';
import type { RecordedEvent } from '@akkoord/event-store';
import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { EventsController } from '../src/events/events.controller.js';
import { sseReader } from './sse-reader.js';
import { UWV_TWENTE, seedTwente } from '../../../test/support/seed-over-http.js';

describe.each<StoreKind>(['sqlite', 'postgres'])('GET /api/events/stream (Server-Sent Events) on %s', (kind) => {
  let t: TestApp;
  let analyst: string;
  const open: AbortController[] = [];

  const post = (path: string, body: object) => postCommand(t, path, body);

  async function connect(query = '', headers: Record<string, string> = {}, token = analyst) {
    const abort = new AbortController();
    open.push(abort);
    const response = await fetch(`${t.baseUrl}/api/events/stream${query}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    return { response, abort };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedTwente(post, [UWV_TWENTE]);
    // an auditor: the envelopes as stored, actor details included (an analyst gets them without user ids)
    analyst = await tokenFor(t, { userId: 'analist', organisationId: 'programme-office', roles: ['auditor'] });
  });

  afterAll(async () => {
    for (const abort of open) abort.abort();
    await t?.close();
  });

  it('replays the log from the start, then delivers a new event live', async () => {
    const head = await t.store.headPosition();
    const { response } = await connect();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const stream = sseReader(response.body!);
    // the envelopes with their personal values opened, as every read gives them (README, "AVG / privacy")
    const log = await openedWith(t.storeUrl, await t.store.readAll());
    for (const stored of log) {
      const frame = await stream.next();
      expect(frame.id).toBe(String(stored.globalPosition));
      expect(frame.event).toBe(stored.type);
      expect(JSON.parse(frame.data!)).toEqual(stored);
    }
    expect(log).toHaveLength(head);

    const appended = await post('/api/partners', { id: 'roc-twente', name: 'ROC van Twente', kind: 'education' });
    const live = await stream.next();
    expect(live).toMatchObject({ id: String(appended.globalPosition), event: 'PartnerRegistered' });
    const envelope = JSON.parse(live.data!) as RecordedEvent;
    expect(envelope).toMatchObject({
      globalPosition: appended.globalPosition,
      streamId: 'partner-roc-twente',
      data: { partnerId: 'roc-twente', name: 'ROC van Twente', kind: 'education' },
    });
  });

  it('starts at fromPosition, and resumes after Last-Event-ID on a reconnect', async () => {
    const head = await t.store.headPosition();
    const from = await connect(`?fromPosition=${head - 1}`);
    const fromStream = sseReader(from.response.body!);
    expect((await fromStream.next()).id).toBe(String(head - 1));
    expect((await fromStream.next()).id).toBe(String(head));
    from.abort.abort();

    const resumed = await connect('?fromPosition=1', { 'Last-Event-ID': String(head - 1) });
    const resumedStream = sseReader(resumed.response.body!);
    expect((await resumedStream.next()).id).toBe(String(head));
    const appended = await post('/api/regions/twente/members', { partnerId: 'roc-twente', role: 'participant' });
    expect(await resumedStream.next()).toMatchObject({
      id: String(appended.globalPosition),
      event: 'PartnerJoinedRegion',
    });
    resumed.abort.abort();
  });

  it('lets a client go: the app still appends and reads after many streams came and went', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { response, abort } = await connect();
      await sseReader(response.body!).next();
      abort.abort();
    }
    await post('/api/partners', { id: 'vno-twente', name: 'VNO-NCW Twente', kind: 'employer_organisation' });
    const page = await t.http.get('/api/events?limit=1000').set('Authorization', `Bearer ${analyst}`);
    expect(page.status).toBe(200);
    expect(page.body.events.at(-1)).toMatchObject({ type: 'PartnerRegistered', streamId: 'partner-vno-twente' });
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const before = EventsController.heartbeatMs;
    EventsController.heartbeatMs = 100;
    try {
      const head = await t.store.headPosition();
      const { response, abort } = await connect(`?fromPosition=${head + 1}`);
      const stream = sseReader(response.body!);
      expect(await stream.comment(/^: heartbeat$/, 3000)).toBe(': heartbeat');
      abort.abort();
    } finally {
      EventsController.heartbeatMs = before;
    }
  });

  it('ends open streams when the app shuts down, and resumes on the restarted app', async () => {
    const { response } = await connect();
    const stream = sseReader(response.body!);
    const first = await stream.next();
    t = await t.restart();
    // what the old app sent before it stopped is still read; then the stream ends
    let ended: Error | undefined;
    while (!ended) await stream.next(3000).catch((error: Error) => (ended = error));
    expect(ended.message).toMatch(/stream ended|terminated/);
    const head = await t.store.headPosition();
    const resumed = await connect('', { 'Last-Event-ID': first.id! });
    const resumedStream = sseReader(resumed.response.body!);
    expect((await resumedStream.next()).id).toBe(String(Number(first.id) + 1));
    expect(head).toBeGreaterThan(Number(first.id));
    resumed.abort.abort();
  });

  it('refuses bad positions and anonymous readers before streaming', async () => {
    const bad = await connect('?fromPosition=abc');
    expect(bad.response.status).toBe(400);
    expect(await bad.response.json()).toMatchObject({ error: 'validation', details: [{ field: 'fromPosition' }] });
    const badId = await connect('', { 'Last-Event-ID': 'yesterday' });
    expect(badId.response.status).toBe(400);
    const anonymous = await fetch(`${t.baseUrl}/api/events/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('sends a partner representative the envelopes of what it may read, and of everything else only the position', async () => {
    const activity = (id: string, regionId: string, leadPartnerId: string) => ({
      id,
      regionId,
      programmeId: 'pow',
      title: `Activiteit ${id}`,
      category: 'supply',
      leadPartnerId,
      targets: [{ indicator: 'placements', target: 10, unit: 'people', dueDate: '2021-12-31' }],
      startDate: '2020-01-01',
      endDate: '2021-12-31',
    });
    await post('/api/partners', { id: 'gemeente-groningen', name: 'Gemeente Groningen', kind: 'central_municipality' });
    await post('/api/regions', { id: 'groningen', name: 'Groningen' });
    await post('/api/regions/groningen/members', { partnerId: 'gemeente-groningen', role: 'lead' });
    await post('/api/activities', activity('act-gr', 'groningen', 'gemeente-groningen'));
    await post('/api/activities', activity('act-tw', 'twente', 'uwv-twente'));
    const rep = await tokenFor(t, { userId: 'rep', organisationId: 'uwv-twente', roles: ['partner_representative'] });
    const head = await t.store.headPosition();
    const { response } = await connect('', {}, rep);
    expect(response.status).toBe(200);
    const stream = sseReader(response.body!);
    const outside = /^(access-tokens|region-groningen|activity-act-gr)$/;
    let sawOwn = false;
    for (const stored of await t.store.readAll({ fromPosition: 1, limit: head })) {
      const frame = await stream.next();
      expect(frame.id).toBe(String(stored.globalPosition));
      expect(frame.data).not.toMatch(/"userId"|"tokenHash"/);
      if (outside.test(stored.streamId)) {
        expect(frame).toEqual({
          id: String(stored.globalPosition),
          data: `{"globalPosition":${stored.globalPosition}}`,
        });
        continue;
      }
      // the catalogue, its own region and the activity it leads: the envelope, without the user id
      expect(frame.event).toBe(stored.type);
      const { metadata, ...rest } = JSON.parse(frame.data!) as RecordedEvent;
      const { metadata: storedMetadata, ...storedRest } = stored;
      expect(rest).toEqual(storedRest);
      expect(metadata.actor).toEqual({
        organisationId: storedMetadata.actor.organisationId,
        roles: storedMetadata.actor.roles,
      });
      if (stored.streamId === 'activity-act-tw') sawOwn = true;
    }
    expect(sawOwn).toBe(true);
  });
});
