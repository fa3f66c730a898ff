import { Controller, Get, Headers, Inject, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { PersonalDataVault, redactEnvelope, requireRead } from '@akkoord/application';
import type { LedgerIntegrity } from '@akkoord/notary';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { AnswerCache, JsonText } from '../platform/answer-cache.js';
import { EVENT_STORE, LEDGER_INTEGRITY } from '../platform/tokens.js';
import { ValidationFailed } from '../platform/validation.js';
import { FeedScope } from './feed-scope.js';
import { SealedAnswer } from '../people/open-personal-data.js';
import { OneOfPipe } from '../platform/query-params.js';
import { LimitPipe, PositionPipe, RawQuery } from './log-params.js';

export class EventPageBody {
  @ApiProperty({
    description: 'envelopes in global order: globalPosition, streamId, streamVersion, eventId, type, data, metadata',
  })
  events!: RecordedEvent[];
  @ApiProperty({ description: 'the fromPosition of the next page (one past the last event returned)', example: 101 })
  nextPosition!: number;
}

/**
 * The raw log: pages of envelopes in global order, and a Server-Sent Events feed that replays from a position and
 * then goes on live. Reads the event store itself, not a read model.
 */
@ApiTags('events')
@Controller('api/events')
export class EventsController implements OnModuleDestroy {
  /** How often an open feed sends a comment line, so proxies and clients know it is alive (tests shorten it). */
  static heartbeatMs = 15_000;

  /** Open feeds, cut when the app shuts down (an open response would keep the HTTP server from closing). */
  private readonly feeds = new Map<AbortController, ServerResponse>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(LEDGER_INTEGRITY) private readonly integrity: LedgerIntegrity,
    @Inject(AnswerCache) private readonly answers: AnswerCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The raw log: event envelopes in global order' })
  @ReadResponses(EventPageBody)
  @ApiQuery({ name: 'fromPosition', required: false, description: 'first global position (inclusive), default 1' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many events: 1–1000, default 100' })
  @ApiQuery({
    name: 'personalData',
    required: false,
    enum: ['opened', 'sealed'],
    description:
      'opened (default): personal values as plaintext, [verwijderd] for a forgotten person; sealed: as stored ' +
      '(`pd1:…`), the bytes a Merkle leaf is computed from. / Persoonsgegevens leesbaar (standaard) of versleuteld ' +
      'zoals opgeslagen, voor het narekenen van bewijzen.',
  })
  async list(
    @RawQuery('fromPosition', new PositionPipe(1)) fromPosition: number,
    @RawQuery('limit', new LimitPipe(100, 1000)) limit: number,
    @CurrentActor() actor: Actor,
    @Query('personalData', new OneOfPipe(['opened', 'sealed'])) personalData?: string,
  ): Promise<JsonText | SealedAnswer<EventPageBody>> {
    requireRead(actor, 'rawEvents', 'Reading the raw events');
    const read = async (): Promise<EventPageBody> => {
      const events = await this.store.readAll({ fromPosition, limit });
      const nextPosition = events.length > 0 ? events[events.length - 1].globalPosition + 1 : fromPosition;
      return { events: events.map((event) => redactEnvelope(event, actor)), nextPosition };
    };
    if (personalData === 'sealed') return new SealedAnswer(await read());
    // A full page of the append-only log never changes: it is kept (per reader: redaction depends on the actor) and
    // served again — never once an event in it was found bad (then the read fails as it should). Opened (the default)
    // by OpenPersonalData, as every answer, so a forgotten person shows as [verwijderd] in a kept page too.
    const key = JSON.stringify(['events', fromPosition, limit, actor]);
    if (this.integrity.hasBadIn(fromPosition, fromPosition + limit - 1))
      return new JsonText(JSON.stringify(await read()));
    return this.answers.lasting(key, read, (page) => page.events.length === limit);
  }

  @Get('stream')
  @ApiOperation({ summary: 'Live feed of events (Server-Sent Events)' })
  @ApiBearerAuth()
  @ApiCookieAuth('session')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `id: <globalPosition>`, `event: <type>`, `data: <envelope JSON>` for every event from ' +
      'the position on, then live; a `: heartbeat` comment every 15 s. Those who may read the raw log (programme ' +
      'office, auditor, analyst) get every envelope; a region coordinator or partner representative gets the ' +
      'envelope only of what the read table lets it read (the catalogue, its regions, activities and agreements; a ' +
      'partner its own commitments) and of any other event only `id: <globalPosition>` and ' +
      '`data: {"globalPosition":…}` without an event name. User ids only for the programme office and auditors.',
  })
  @ApiQuery({ name: 'fromPosition', required: false, description: 'first global position (inclusive), default 1' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'on reconnect: resume after this position' })
  async stream(
    @RawQuery('fromPosition', new PositionPipe(1)) fromPosition: number,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() response: ServerResponse,
  ): Promise<void> {
    requireRead(actor, 'catalogue', 'Following the ledger');
    const scope = new FeedScope(actor, this.store);
    const from = lastEventId === undefined ? fromPosition : resumeAfter(lastEventId);
    const headers = {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    };
    // HEAD: the headers, and done — a response without a body sends its headers only when it ends, so a feed that
    // never ends answered nothing at all (found by the fuzzing)
    if (response.req?.method === 'HEAD') {
      response.writeHead(200, headers).end();
      return;
    }
    const feed = new AbortController();
    this.feeds.set(feed, response);
    const stop = () => feed.abort();
    response.on('close', stop);
    response.writeHead(200, headers);
    response.write(`retry: 3000\n: events from position ${from}\n\n`);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), EventsController.heartbeatMs);
    try {
      for await (const event of this.store.subscribe({ fromPosition: from, signal: feed.signal })) {
        // personal values opened (or [verwijderd]) as in every other answer
        const frame = await frameOf(await this.vault.openDeep(event), scope);
        if (!response.write(frame)) await drained(response, feed.signal);
        if (feed.signal.aborted) break;
      }
    } catch {
      // The store closed or failed under the feed: end the response; the client reconnects with Last-Event-ID.
    } finally {
      clearInterval(heartbeat);
      response.off('close', stop);
      this.feeds.delete(feed);
      if (!response.writableEnded && !response.destroyed) response.end();
    }
  }

  /**
   * Cuts every open feed: a client that stopped reading would otherwise hold its connection, and so the server's
   * close, open. A client resumes on the next app with `Last-Event-ID` (a frame cut halfway was never dispatched).
   */
  onModuleDestroy(): void {
    for (const [feed, response] of this.feeds) {
      feed.abort();
      response.destroy();
    }
  }
}

/** One SSE frame: the envelope as the reader may see it, or only the position. */
async function frameOf(event: RecordedEvent, scope: FeedScope): Promise<string> {
  const position = event.globalPosition;
  const envelope = await scope.reveal(event);
  if (envelope === undefined) return `id: ${position}\ndata: ${JSON.stringify({ globalPosition: position })}\n\n`;
  return `id: ${position}\nevent: ${event.type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/** `Last-Event-ID` is the position of the last event the client received: resume with the next one. */
function resumeAfter(lastEventId: string): number {
  if (!/^\d{1,15}$/.test(lastEventId.trim())) {
    throw new ValidationFailed([{ field: 'Last-Event-ID', message: 'Last-Event-ID must be a global position' }]);
  }
  return Number(lastEventId.trim()) + 1;
}

/** Waits until a slow client has taken what was written, or the feed ends. */
async function drained(response: ServerResponse, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  try {
    await once(response, 'drain', { signal });
  } catch {
    // aborted: the caller sees signal.aborted and stops
  }
}
