import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Forbidden, PersonalDataVault, readScopeOf, requireRead, type ReadKind } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import { StoreUnavailable, type Actor, type EventStore } from '@akkoord/event-store';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  CONTENT_TYPES,
  CSV_DIALECTS,
  EXPORT_FORMATS,
  EXPORT_NAMES,
  EXPORT_PARAMS,
  ExportParamError,
  fileNameOf,
  isExportName,
  ledgerHeadAt,
  type ExportContext,
  ReadModelMissing,
  streamSink,
  TooManyRows,
  writeDataset,
  type CsvDialect,
  type ExportFormat,
  type ExportName,
  type ExportParams,
} from '@akkoord/exchange';
import { openDataset } from '../../../../projections/exports/index.js';
import { Notary } from '@akkoord/notary';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';
import { EVENT_STORE, LOGGER } from '../platform/tokens.js';
import { ValidationFailed } from '../platform/validation.js';

const FORMATS = EXPORT_FORMATS;

/**
 * `GET /api/exports/:name?format=csv|xlsx|parquet|ndjson&dialect=excel-nl&…`: a read model or the raw log as a file,
 * streamed page by page
 * (the same datasets and writers as `akkoord export`). Parameters are checked before the first byte is sent, so a bad
 * request gets api.md's JSON error; a failure after that aborts the transfer instead of ending it as if complete.
 */
@ApiTags('exports')
@Controller('api/exports')
export class ExportsController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Notary) private readonly notary: Notary,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  @Get(':name')
  @ApiOperation({
    summary: 'Export a read model or the events (CSV, XLSX, Parquet, NDJSON)',
    description:
      'Streams the whole dataset. XLSX: typed cells, Dutch headers, frozen header row, autofilter and a Toelichting ' +
      'sheet (columns, asOf, filters, ledger head). CSV: RFC 4180 with English codes, or dialect=excel-nl for Dutch ' +
      'Excel (";", BOM, Dutch headers, decimal comma, dd-mm-jjjj). Parquet columns are typed: dates DATE, instants ' +
      'TIMESTAMP_MILLIS, counts INT32/INT64. monitor needs programmeId and period; timeseries takes interval, from, to; ' +
      'audit takes from/to (dates or instants), organisationId, userId, streamId, type; events takes fromPosition; ' +
      'status-reports is a sheet to fill in for the next period and import with POST /api/imports/status-reports.',
  })
  @ApiBearerAuth()
  @ApiParam({ name: 'name', enum: EXPORT_NAMES })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx, CONTENT_TYPES.parquet, CONTENT_TYPES.ndjson)
  @ApiOkResponse({ description: 'the file, as an attachment' })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS, description: 'default csv (events: ndjson)' })
  @ApiQuery({ name: 'dialect', required: false, enum: CSV_DIALECTS, description: 'csv: rfc4180 (default) or excel-nl' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: as the ledger knew it then' })
  @ApiQuery({ name: 'validAt', required: false, description: 'activities, borging: as it held on that date' })
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'monitor: 2021-Q1 or 2021-03' })
  @ApiQuery({ name: 'interval', required: false, enum: ['month', 'quarter'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'streamId', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'fromPosition', required: false })
  async export(
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (!isExportName(name)) throw new NotFound('export', name);
    const { format, dialect, params } = parseQuery(name, query);
    requireExport(actor, name, params);
    if (name !== 'events') await this.readModels.fresh();
    const dataset = await openDataset(name, params, {
      store: this.store,
      sql: this.readModels.sql,
      projections: this.readModels.runner.projections.map((p) => p.name),
      live: true,
      personalData: this.vault,
    }).catch((error: unknown) => {
      if (error instanceof ExportParamError)
        throw new ValidationFailed([{ field: error.field, message: error.message }]);
      if (error instanceof ReadModelMissing) throw new StoreUnavailable(error.message);
      throw error;
    });
    if (!dataset.formats.includes(format)) {
      throw new ValidationFailed([
        { field: 'format', message: `the ${name} export comes as ${dataset.formats.join(' or ')}` },
      ]);
    }
    const size = format === 'xlsx' ? await dataset.size?.() : undefined;
    if (size !== undefined && size > 1_048_575) {
      throw new ValidationFailed([
        { field: 'format', message: `${size} rows do not fit in one sheet; use csv or parquet, or narrow the export` },
      ]);
    }
    const { asOf, ...filters } = params;
    const position = await this.store.headPosition();
    const context = {
      asOf,
      filters: filters as Record<string, string>,
      position,
      head: format === 'xlsx' ? await this.headAt(position) : undefined,
      exportedAt: new Date().toISOString(),
    };
    const fileName = fileNameOf(dataset, format, dialect);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    });
    try {
      await writeDataset(dataset, format, streamSink(response as never, { end: true }), { dialect, context });
    } catch (error) {
      if (error instanceof TooManyRows) this.logger.warn({ export: name }, error.message);
      this.logger.warn({ err: error, export: name }, 'export aborted');
      response.destroy(error as Error);
    }
  }

  /**
   * The ledger head at the export's position: the notary's root over exactly those events, with a head signed at
   * that size when the ledger did not move meanwhile (signed on demand, as GET /api/ledger/head does).
   */
  private async headAt(position: number): Promise<ExportContext['head']> {
    try {
      await this.notary.fresh(position);
      await this.notary.currentHead();
      return await ledgerHeadAt(this.readModels.sql, position);
    } catch (error) {
      this.logger.warn({ err: error }, 'the export’s ledger head could not be read');
      return undefined;
    }
  }
}

/** The read-scope kind of each export (the same table as the routes). */
const EXPORT_KINDS: Record<ExportName, ReadKind> = {
  activities: 'activities',
  'status-reports': 'activities',
  monitor: 'aggregates',
  timeseries: 'aggregates',
  involvement: 'involvement',
  borging: 'activities',
  audit: 'audit',
  events: 'rawEvents',
};

/**
 * Exports obey the read table. A whole dataset streams without a per-row check, so a scoped reader names its scope:
 * a region coordinator `regionId` (one of its regions), a partner representative `partnerId` (its organisation, for
 * involvement). The raw events carry actor details, so their export also needs the actor-details scope.
 */
function requireExport(actor: Actor, name: ExportName, params: ExportParams): void {
  const kind = EXPORT_KINDS[name];
  const what = `Exporting ${name}`;
  const scope = requireRead(actor, kind, what);
  if (name === 'events') requireRead(actor, 'actorDetails', `${what} (with actor details)`);
  if (scope === 'all') return;
  const roles = actor.roles as string[];
  const regionId = (params as { regionId?: string }).regionId;
  const partnerId = (params as { partnerId?: string }).partnerId;
  if (roles.includes('region_coordinator') && regionId !== undefined && (actor.regionIds ?? []).includes(regionId))
    return;
  if (kind === 'involvement' && readScopeOf(actor, kind) !== 'none' && partnerId === actor.organisationId) return;
  throw new Forbidden(
    `${what} is limited to this token's scope: pass regionId= one of ${(actor.regionIds ?? []).join(', ') || 'your regions'}` +
      (kind === 'involvement' ? ` or partnerId=${actor.organisationId}` : '') +
      '.',
  );
}

/** The query as an export's parameters: single values only, no parameter the exports do not know. */
function parseQuery(
  name: ExportName,
  query: Record<string, unknown>,
): { format: ExportFormat; dialect?: CsvDialect; params: ExportParams } {
  const params: ExportParams = {};
  let format: ExportFormat = name === 'events' ? 'ndjson' : 'csv';
  let dialect: CsvDialect | undefined;
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') {
      throw new ValidationFailed([{ field: key, message: `${key} must be given once, as a single value` }]);
    }
    if (key === 'format') {
      if (!(FORMATS as readonly string[]).includes(value)) {
        throw new ValidationFailed([{ field: 'format', message: `format must be one of ${FORMATS.join(', ')}` }]);
      }
      format = value as ExportFormat;
    } else if (key === 'dialect') {
      if (!(CSV_DIALECTS as readonly string[]).includes(value)) {
        throw new ValidationFailed([
          { field: 'dialect', message: `dialect must be one of ${CSV_DIALECTS.join(', ')}` },
        ]);
      }
      dialect = value as CsvDialect;
    } else if ((EXPORT_PARAMS as readonly string[]).includes(key)) {
      params[key as keyof ExportParams] = value;
    } else {
      throw new ValidationFailed([{ field: key, message: `${key} is not a parameter of the exports` }]);
    }
  }
  if (dialect !== undefined && format !== 'csv') {
    throw new ValidationFailed([{ field: 'dialect', message: 'dialect is for format=csv' }]);
  }
  return { format, dialect, params };
}
