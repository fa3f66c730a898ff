import { CommandRunner, commandIdFor } from '@akkoord/application';
import type { DomainCommand } from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';
import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { sseReader, type Frame } from './sse-reader.js';

/**
 * The live feed follows a region's membership as the read routes do: a partner representative gets the region's
 * envelopes while its organisation is a member, only positions after it left (the leave itself is told), and the
 * envelopes again once it re-joined.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('the live feed after a partner left a region, on %s', (kind) => {
  let t: TestApp;
  let rep: string;
  const open: AbortController[] = [];
  const office = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'] };

  const post = async (path: string, body: object) => (await postCommand(t, path, body)).globalPosition;

  /** Commands without an HTTP route yet (LeaveRegion, ChangePartnerRole) go through the app's own store. */
  async function run(command: DomainCommand): Promise<number> {
    const result = await new CommandRunner(t.store).run({ command, actor: office, commandId: commandIdFor('po') });
    return result.globalPosition;
  }

  async function follow(fromPosition: number) {
    const abort = new AbortController();
    open.push(abort);
    const response = await fetch(`${t.baseUrl}/api/events/stream?fromPosition=${fromPosition}`, {
      headers: { Authorization: `Bearer ${rep}`, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    return sseReader(response.body!);
  }

  const positionOnly = (position: number): Frame => ({
    id: String(position),
    data: `{"globalPosition":${position}}`,
  });

  /** The envelope's type and data, as the reader got it. */
  function envelope(frame: Frame): { globalPosition: number; streamId: string; type: string; data: unknown } {
    expect(frame.event).toBeDefined();
    const { globalPosition, streamId, type, data } = JSON.parse(frame.data!) as RecordedEvent;
    return { globalPosition, streamId, type, data };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    await post('/api/regions', { id: 'twente', name: 'Twente' });
    for (const [id, partnerKind] of [
      ['gemeente-enschede', 'central_municipality'],
      ['uwv-twente', 'uwv'],
      ['roc-twente', 'education'],
      ['saxion', 'education'],
    ]) {
      await post('/api/partners', { id, name: id, kind: partnerKind });
    }
    await post('/api/regions/twente/members', { partnerId: 'gemeente-enschede', role: 'lead' });
    await post('/api/regions/twente/members', { partnerId: 'uwv-twente', role: 'participant' });
    rep = await tokenFor(t, { userId: 'rep', organisationId: 'uwv-twente', roles: ['partner_representative'] });
  });

  afterAll(async () => {
    for (const abort of open) abort.abort();
    await t?.close();
  });

  it('sends the region while the partner is a member, only positions after it left, and again after a re-join', async () => {
    const live = await follow((await t.store.headPosition()) + 1);

    const joined = await post('/api/regions/twente/members', { partnerId: 'roc-twente', role: 'participant' });
    expect(envelope(await live.next())).toEqual({
      globalPosition: joined,
      streamId: 'region-twente',
      type: 'PartnerJoinedRegion',
      data: { regionId: 'twente', partnerId: 'roc-twente', role: 'participant' },
    });

    const left = await run({
      type: 'LeaveRegion',
      data: { regionId: 'twente', partnerId: 'uwv-twente', reason: 'fusie' },
    });
    expect(envelope(await live.next())).toMatchObject({ globalPosition: left, type: 'PartnerLeftRegion' });
    const readRoute = await t.http.get('/api/regions/twente').set('Authorization', `Bearer ${rep}`);
    expect(readRoute.status).toBe(403);

    const afterLeaving = [
      await post('/api/regions/twente/members', { partnerId: 'saxion', role: 'participant' }),
      await run({ type: 'ChangePartnerRole', data: { regionId: 'twente', partnerId: 'roc-twente', role: 'lead' } }),
    ];
    for (const position of afterLeaving) expect(await live.next()).toEqual(positionOnly(position));
    // the catalogue stays open to every role
    const partner = await post('/api/partners', { id: 'werkgevers-twente', name: 'Werkgevers', kind: 'employer' });
    expect(envelope(await live.next())).toMatchObject({ globalPosition: partner, type: 'PartnerRegistered' });

    // a reader that connects now, replaying the whole log, gets the region as the read route judges it now
    const replay = await follow(1);
    for (const stored of await t.store.readAll({ fromPosition: 1, limit: 1000 })) {
      const frame = await replay.next();
      const regionNow = stored.streamId === 'region-twente' && stored.type !== 'PartnerLeftRegion';
      if (regionNow || stored.streamId === 'access-tokens') {
        expect(frame).toEqual(positionOnly(stored.globalPosition));
      } else {
        expect(frame.event).toBe(stored.type);
      }
    }

    const rejoined = await post('/api/regions/twente/members', { partnerId: 'uwv-twente', role: 'participant' });
    expect(envelope(await live.next())).toMatchObject({ globalPosition: rejoined, type: 'PartnerJoinedRegion' });
    const roleChanged = await run({
      type: 'ChangePartnerRole',
      data: { regionId: 'twente', partnerId: 'saxion', role: 'lead' },
    });
    expect(envelope(await live.next())).toEqual({
      globalPosition: roleChanged,
      streamId: 'region-twente',
      type: 'PartnerRoleChanged',
      data: { regionId: 'twente', partnerId: 'saxion', role: 'lead', previousRole: 'participant' },
    });
    expect((await t.http.get('/api/regions/twente').set('Authorization', `Bearer ${rep}`)).status).toBe(200);
  });
});
