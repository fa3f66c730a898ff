import { Body, Controller, HttpCode, Inject, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { commandPermissions, Forbidden, type Role } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import type { Actor, EventStore } from '@akkoord/event-store';
import {
  ActingForRefused,
  formatProblem,
  IMPORT_KINDS,
  importFile,
  importKinds,
  isImportKind,
  MAX_IMPORT_BYTES,
  NUMBER_LOCALES,
  prepareImport,
  UnreadableFile,
  type ImportKind,
  type NumberLocale,
  type Problem,
} from '@akkoord/exchange';
import type { ServerResponse } from 'node:http';
import { CurrentActor } from '../platform/auth.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { ValidationFailed } from '../platform/validation.js';

/** The part of a multipart upload multer hands over. */
interface UploadedPart {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/**
 * `POST /api/imports/:kind` (multipart/form-data: `file`, and the fields `locale` nl|en and `dryRun` true|false): the
 * same import as `akkoord import`, all rows or none, acting with the caller's token. Bad rows answer 400 in api.md's
 * validation shape, one detail per problem (`field`: `row 7, column einddatum`), whether or not it was a dry run;
 * rows the token may not send answer 403. A dry run without problems answers 200, an import 201.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/imports')
export class ImportsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':kind')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Import activities, commitments or status reports from a CSV or XLSX file (all rows or none)',
    description:
      'multipart/form-data with the file in `file` (CSV in UTF-8 or Windows-1252, or XLSX; at most 50 MB), `locale` ' +
      '(nl: 1.250,50; en: 1,250.50; needed when the file writes 1.250 or 1,250 and nothing else shows the convention) ' +
      'and `dryRun` (true: check only). Every bad row answers 400 `{"error":"validation","details":[{"field":"row 7, ' +
      'column einddatum","message":…}]}` and nothing is appended. Who may import a kind follows the permissions of ' +
      'its command (PlanActivity, CommitPartner, ReportStatus); a programme-office token imports commitments as a ' +
      "representative of each row's partner, recorded as importedBy.",
  })
  @ApiParam({ name: 'kind', enum: IMPORT_KINDS })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        locale: { type: 'string', enum: [...NUMBER_LOCALES] },
        dryRun: { type: 'boolean' },
      },
    },
  })
  @ApiResponse({ status: 201, description: '{kind, rows, fresh, alreadyImported, appended, events, firstPosition, …}' })
  @ApiResponse({ status: 200, description: 'a dry run without problems' })
  @ApiResponse({ status: 400, description: 'bad rows, a bad field, or a file that is not a table' })
  @ApiResponse({ status: 413, description: 'the file is larger than 50 MB' })
  @UseInterceptors(
    // no storage and no dest: multer keeps the file in memory (at most MAX_IMPORT_BYTES, then 413)
    FileInterceptor('file', {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1000 },
    }),
  )
  async import(
    @Param('kind') kindName: string,
    @UploadedFile() file: UploadedPart | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Record<string, unknown>> {
    if (!isImportKind(kindName)) throw new NotFound('import', kindName);
    const kind = importKinds[kindName];
    mayImport(actor, kind);
    const { locale, dryRun } = fieldsOf(body ?? {});
    if (file === undefined) throw new ValidationFailed([{ field: 'file', message: 'send the file in the field file' }]);
    const prepared = await prepareImport({
      kind,
      file: { bytes: file.buffer, name: file.originalname || `${kind.name}.csv` },
      dryRun,
      locale,
      localeHint: 'locale nl of en',
    }).catch((error: unknown) => {
      if (error instanceof UnreadableFile) throw new ValidationFailed([{ field: 'file', message: error.message }]);
      throw error;
    });
    const outcome = await importFile(this.store, prepared, { token: actor }).catch((error: unknown) => {
      throw error instanceof ActingForRefused ? new Forbidden(error.message) : error;
    });
    refuseProblems(outcome.problems);
    if (dryRun) response.statusCode = 200;
    return {
      kind: kind.name,
      dryRun,
      encoding: prepared.table.encoding ?? null,
      rows: outcome.rows,
      fresh: outcome.fresh,
      alreadyImported: outcome.alreadyImported,
      appended: dryRun ? 0 : outcome.fresh,
      events: outcome.eventsAppended,
      firstPosition: outcome.firstPosition ?? null,
      lastPosition: outcome.lastPosition ?? null,
      headPosition: outcome.headPosition,
    };
  }
}

/** A kind may be imported by the roles that may send its command (the programme office: commitments for partners). */
function mayImport(actor: Actor, kind: ImportKind): void {
  const roles = actor.roles as Role[];
  const allowed = commandPermissions[kind.commandType];
  if (roles.includes('programme_office') || roles.some((role) => allowed.includes(role))) return;
  throw new Forbidden(`Importing ${kind.name} (${kind.commandType}) needs the role ${allowed.join(' or ')}.`);
}

function fieldsOf(body: Record<string, unknown>): { locale?: NumberLocale; dryRun: boolean } {
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'locale' && key !== 'dryRun')
      problems.push({ field: key, message: `${key} is not a field of an import` });
  }
  const { locale, dryRun } = body;
  if (locale !== undefined && (typeof locale !== 'string' || !(NUMBER_LOCALES as readonly string[]).includes(locale))) {
    problems.push({ field: 'locale', message: 'locale must be nl (1.250,50) or en (1,250.50)' });
  }
  const dry = dryRun === undefined ? 'false' : String(dryRun);
  if (!['true', 'false', '1', '0'].includes(dry))
    problems.push({ field: 'dryRun', message: 'dryRun must be true or false' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { locale: locale as NumberLocale | undefined, dryRun: dry === 'true' || dry === '1' };
}

/** Rows the token may not send: 403; any other problem: 400 with every problem named. */
function refuseProblems(problems: Problem[]): void {
  if (problems.length === 0) return;
  const forbidden = problems.filter((p) => p.forbidden);
  if (forbidden.length > 0) {
    const more = forbidden.length > 1 ? ` (and ${forbidden.length - 1} more rows)` : '';
    throw new Forbidden(`${formatProblem(forbidden[0])}${more}; nothing was imported.`);
  }
  throw new ValidationFailed(
    problems.map((p) => ({
      field: p.column === undefined ? `row ${p.row}` : `row ${p.row}, column ${p.column}`,
      message: p.message,
    })),
  );
}
