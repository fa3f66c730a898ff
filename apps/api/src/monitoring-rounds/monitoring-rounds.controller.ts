import type { MonitoringRounds, MonitoringRoundView } from '@akkoord/contracts';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { authorizeCommand, mayRead, requireRead, seesActorDetails, type CommandResult } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import { monitorTable } from '../../../../projections/monitor/monitor.queries.js';
import { reportsAfterFixing, roundProgress } from '../../../../projections/monitor/monitoring-rounds.queries.js';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses, ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { ReadModels } from '../platform/read-models.js';
import { activityConcerns } from '../platform/read-scope.js';
import { readKnownStream } from '../platform/reads.js';
import { CLOCK, EVENT_STORE } from '../platform/tokens.js';
import { IdPipe, PERIOD_PATTERN, ValidationFailed } from '../platform/validation.js';
import { FixMonitoringRoundBody, MonitoringRoundsBody } from './monitoring-rounds.dto.js';
import { monitorTableHash, roundsOf } from './rounds.js';

/** `:period` in a path: `YYYY-Qn` or `YYYY-MM` (else 400). */
class PeriodPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !PERIOD_PATTERN.test(value)) {
      throw new ValidationFailed([{ field: 'period', message: 'period must be a period YYYY-Qn or YYYY-MM' }]);
    }
    return value;
  }
}

@ApiTags('monitoring rounds')
@Controller('api/programmes')
export class MonitoringRoundsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Post(':id/monitoring-rounds/:period/fix')
  @ApiOperation({
    summary: 'Fix (vaststellen) a monitoring round',
    description:
      'Programme office only. Records MonitoringRoundFixed with the monitor table of the period as the ledger knows ' +
      'it now (fixedAt) and its SHA-256 (RFC 8785 canonical JSON). After fixing, a status report for the period is ' +
      'refused (422 round_fixed) unless it is a correction with a correctionReason, shown as gecorrigeerd na ' +
      'vaststelling. GET /api/monitor?round=fixed serves the table exactly as fixed.\n\n' +
      'NL: Stelt de monitorronde vast: de monitortabel zoals het grootboek hem nu kent, met zijn hash. Daarna kan ' +
      'een rapportage over die periode alleen nog als correctie met een reden.',
  })
  @ApiParam({ name: 'period', example: '2021-Q1' })
  @HttpCode(201)
  @CommandResponses()
  async fix(
    @Param('id', IdPipe) programmeId: string,
    @Param('period', PeriodPipe) period: string,
    @Body() body: FixMonitoringRoundBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const placeholder = { programmeId, period, fixedAt: '', tableHash: '' };
    authorizeCommand(meta.actor, { type: 'FixMonitoringRound', data: placeholder }, {});
    // the moment first — never before the latest event already acknowledged, whatever the clocks say — then catch the
    // read models up to at least it: the table holds all that was recorded by then
    const head = await this.store.headPosition();
    const [latest] = head > 0 ? await this.store.readAll({ fromPosition: head, limit: 1 }) : [];
    const now = this.clock().toISOString();
    const fixedAt = latest && latest.metadata.recordedAt > now ? latest.metadata.recordedAt : now;
    await this.readModels.fresh();
    const tableHash = monitorTableHash(await monitorTable(this.readModels.sql, { programmeId, period, asOf: fixedAt }));
    const note = body.note;
    const data = { programmeId, period, fixedAt, tableHash, ...(note !== undefined && { note }) };
    return this.commands.send({ type: 'FixMonitoringRound', data }, meta);
  }

  @Get(':id/monitoring-rounds')
  @ApiOperation({
    summary: 'The monitoring rounds of a programme',
    description:
      'Each round with its deadline, whether and when it was fixed (and by whom, for roles that see actor details), ' +
      'the reports in and outstanding per region (activities open at the period end, reported for exactly that ' +
      'period, as known now) and the reports recorded after fixing.\n\n' +
      'NL: De monitorrondes van een programma: deadline, vastgesteld op … door …, per regio de binnengekomen en ' +
      'ontbrekende rapportages, en wat na vaststelling is gecorrigeerd.',
  })
  @ReadResponses(MonitoringRoundsBody)
  async list(@Param('id', IdPipe) programmeId: string, @CurrentActor() actor: Actor): Promise<MonitoringRounds> {
    requireRead(actor, 'aggregates', 'Reading the monitoring rounds');
    await this.readModels.fresh();
    const events = await readKnownStream(this.store, 'programme', programmeId);
    const showActor = seesActorDetails(actor);
    const rounds: MonitoringRoundView[] = [];
    for (const round of roundsOf(events)) {
      const query = { programmeId, period: round.period };
      const regions = await roundProgress(this.readModels.sql, query);
      // the activities behind the counts, only as far as the token may see them
      const afterFixing = (await reportsAfterFixing(this.readModels.sql, query)).filter((r) =>
        mayRead(actor, 'activities', activityConcerns(r)),
      );
      const sum = (key: 'expected' | 'reported' | 'outstanding') => regions.reduce((n, r) => n + r[key], 0);
      rounds.push({
        period: round.period,
        deadline: round.deadline,
        openedAt: round.openedAt,
        status: round.fixed ? 'fixed' : 'open',
        fixed: round.fixed && {
          fixedAt: round.fixed.fixedAt,
          recordedAt: round.fixed.recordedAt,
          fixedBy: showActor ? round.fixed.fixedBy : null,
          tableHash: round.fixed.tableHash,
        },
        expected: sum('expected'),
        reported: sum('reported'),
        outstanding: sum('outstanding'),
        regions,
        outstandingRegions: regions.filter((r) => r.outstanding > 0).map((r) => r.regionId),
        afterFixing,
      });
    }
    return { programmeId, rounds };
  }
}
