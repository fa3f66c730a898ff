import type { AgreementPage } from '@akkoord/contracts';
import { Controller, Get, Inject, Param, Query, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { KeepSealed } from '../people/open-personal-data.js';
import { redactEnvelope, requireRead, requireReadOf, scopeFilterOf } from '@akkoord/application';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import { listAgreements } from '../../../../projections/catalogue/catalogue.queries.js';
import { AgreementListBody, EnvelopeListBody } from '../lists/lists.dto.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { CursorPipe, pageOf, PAGE_LIMIT } from '../platform/paging.js';
import { OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe, readKnownStream } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { IdPipe, ValidationFailed } from '../platform/validation.js';

const STATUSES = ['draft', 'in_force', 'terminated'] as const;

/** `?status=draft|in_force|terminated`: optional. */
class AgreementStatusPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined || STATUSES.includes(value as (typeof STATUSES)[number])) return value as string;
    const field = metadata.data ?? 'status';
    throw new ValidationFailed([{ field, message: `${field} must be one of ${STATUSES.join(', ')}` }]);
  }
}

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** Agreements as lists and as their streams (the commands and the single view are in AgreementsController). */
@ApiTags('agreements')
@Controller('api/agreements')
export class AgreementReadsController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List agreements (paged)',
    description:
      'Agreements as known at asOf, sorted by id, optionally of one region or with one status; signatures counts ' +
      'the signatures on the current version. Pages: limit (1–1000, default 100) and the nextCursor of the ' +
      'previous page as cursor.\n\n' +
      'NL: Afspraken en convenanten zoals bekend op de peildatum, op id, eventueel van één regio of met één status; ' +
      'signatures telt de ondertekeningen van de huidige versie. Per pagina: limit en de nextCursor van de vorige ' +
      'pagina als cursor.',
  })
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'the nextCursor of the previous page' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read models include it' })
  @ReadResponses(AgreementListBody)
  async list(
    @CurrentActor() actor: Actor,
    @Query('regionId', OptionalIdPipe) regionId?: string,
    @Query('status', AgreementStatusPipe) status?: string,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('limit', new OptionalIntPipe(1, PAGE_LIMIT.max)) limit?: number,
    @Query('cursor', new CursorPipe(1)) cursor?: (string | number)[],
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<AgreementPage> {
    requireRead(actor, 'agreements', 'Listing agreements');
    await this.readModels.fresh(minPosition);
    const size = limit ?? PAGE_LIMIT.default;
    const after = cursor === undefined ? undefined : String(cursor[0]);
    // only the agreements the actor may see, filtered in the query so that pages are full and cursors right
    const scope = scopeFilterOf(actor, 'agreements');
    const rows = await listAgreements(this.readModels.sql, { regionId, status, asOf, after, limit: size, scope });
    const { items, nextCursor } = pageOf(rows, size, (a) => [a.id]);
    return { agreements: items, nextCursor };
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'An agreement’s events (whole envelopes)',
    description:
      'The agreement stream’s events, oldest first. For the programme office and auditors each is the whole ' +
      'envelope as GET /api/events gives it, so a client can compute their Merkle leaves and check inclusion proofs ' +
      '(the ledger proofs are theirs too); for the parties and the region’s coordinators the actor keeps its ' +
      'organisation and roles but not its user id. Personal values stay as stored — sealed, `pd1:…` — because the ' +
      'leaves are computed from exactly those bytes; every other read opens them. With asOf: only those recorded ' +
      'by then.\n\n' +
      'NL: De gebeurtenissen van de afspraak, oudste eerst; voor het programmabureau en auditors de volledige ' +
      'envelop (voor de controle van het bewijs), voor partijen en regiocoördinatoren zonder gebruikers-id. ' +
      'Persoonsgegevens staan er versleuteld in, zoals opgeslagen.',
  })
  @KeepSealed()
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ReadResponses(EnvelopeListBody)
  async history(
    @Param('id', IdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
  ): Promise<{ events: RecordedEvent[] }> {
    requireRead(actor, 'agreements', 'Reading an agreement’s history');
    const events = await readKnownStream(this.store, 'agreement', id, asOf);
    const drafted = events[0]?.data as { regionId?: string; parties?: string[] } | undefined;
    const concerns = { regionId: drafted?.regionId ?? '', organisationIds: drafted?.parties ?? [] };
    requireReadOf(actor, 'agreements', concerns, 'Reading an agreement’s history');
    // whole envelopes (a Merkle leaf is computed from exactly these bytes) only for those who see actor details
    return { events: events.map((event) => redactEnvelope(event, actor)) };
  }
}
