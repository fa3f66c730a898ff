import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandResult, redactEnvelope, requireRead, requireReadOf } from '@akkoord/application';
import { activityStreamConcerns, onlyOwnCommitments } from '../platform/read-scope.js';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses, ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { readKnownStream } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { IdPipe } from '../platform/validation.js';
import {
  AdjustAmbitionBody,
  CloseActivityBody,
  CommitPartnerBody,
  FulfilCommitmentBody,
  PlanActivityBody,
  RecordBorgingBody,
  ReportStatusBody,
  WithdrawCommitmentBody,
} from './activities.dto.js';

@ApiTags('activities')
@Controller('api/activities')
export class ActivitiesController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Plan an activity' })
  @HttpCode(201)
  @CommandResponses()
  plan(@Body() body: PlanActivityBody, @CommandRequest() meta: CommandMeta): Promise<CommandResult> {
    const { id: activityId, regionId, programmeId, title, category, leadPartnerId, startDate, endDate } = body;
    const targets = body.targets.map(({ indicator, target, unit, dueDate }) => ({ indicator, target, unit, dueDate }));
    return this.commands.send(
      {
        type: 'PlanActivity',
        data: { activityId, regionId, programmeId, title, category, leadPartnerId, targets, startDate, endDate },
      },
      meta,
    );
  }

  @Post(':id/ambition')
  @ApiOperation({ summary: 'Adjust an activity’s ambition (targets)' })
  @HttpCode(201)
  @CommandResponses()
  adjustAmbition(
    @Param('id', IdPipe) activityId: string,
    @Body() body: AdjustAmbitionBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const targets = body.targets.map(({ indicator, target, unit, dueDate }) => ({ indicator, target, unit, dueDate }));
    return this.commands.send({ type: 'AdjustAmbition', data: { activityId, targets, reason: body.reason } }, meta);
  }

  @Post(':id/commitments')
  @ApiOperation({ summary: 'Commit a partner’s contribution to an activity' })
  @HttpCode(201)
  @CommandResponses()
  commit(
    @Param('id', IdPipe) activityId: string,
    @Body() body: CommitPartnerBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { commitmentId, partnerId, kind, amount, unit, period } = body;
    return this.commands.send(
      {
        type: 'CommitPartner',
        data: { activityId, commitmentId, partnerId, kind, amount, unit, ...(period !== undefined && { period }) },
      },
      meta,
    );
  }

  @Post(':id/commitments/:cid/withdrawal')
  @ApiOperation({ summary: 'Withdraw a commitment' })
  @HttpCode(201)
  @CommandResponses()
  withdraw(
    @Param('id', IdPipe) activityId: string,
    @Param('cid', IdPipe) commitmentId: string,
    @Body() body: WithdrawCommitmentBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commands.send(
      { type: 'WithdrawCommitment', data: { activityId, commitmentId, reason: body.reason } },
      meta,
    );
  }

  @Post(':id/commitments/:cid/fulfilment')
  @ApiOperation({ summary: 'Record a commitment as fulfilled' })
  @HttpCode(201)
  @CommandResponses()
  fulfil(
    @Param('id', IdPipe) activityId: string,
    @Param('cid', IdPipe) commitmentId: string,
    @Body() body: FulfilCommitmentBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commands.send(
      { type: 'FulfilCommitment', data: { activityId, commitmentId, realisedAmount: body.realisedAmount } },
      meta,
    );
  }

  @Post(':id/status-reports')
  @ApiOperation({ summary: 'Report (or correct) an activity’s status for a period' })
  @HttpCode(201)
  @CommandResponses()
  report(
    @Param('id', IdPipe) activityId: string,
    @Body() body: ReportStatusBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { period, status, note, validFrom, correctionReason } = body;
    const realised = body.realised.map(({ indicator, value }) => ({ indicator, value }));
    return this.commands.send(
      {
        type: 'ReportStatus',
        data: {
          activityId,
          period,
          status,
          realised,
          validFrom,
          ...(note !== undefined && { note }),
          ...(correctionReason !== undefined && { correctionReason }),
        },
      },
      meta,
    );
  }

  @Post(':id/borging')
  @ApiOperation({ summary: 'Record a borging step' })
  @HttpCode(201)
  @CommandResponses()
  recordBorging(
    @Param('id', IdPipe) activityId: string,
    @Body() body: RecordBorgingBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { state, mechanism, effectiveFrom, ownerPartnerId, note } = body;
    return this.commands.send(
      {
        type: 'RecordBorging',
        data: {
          activityId,
          state,
          effectiveFrom,
          ...(mechanism !== undefined && { mechanism }),
          ...(ownerPartnerId !== undefined && { ownerPartnerId }),
          ...(note !== undefined && { note }),
        },
      },
      meta,
    );
  }

  @Post(':id/closure')
  @ApiOperation({ summary: 'Close an activity (completed or stopped)' })
  @HttpCode(201)
  @CommandResponses()
  close(
    @Param('id', IdPipe) activityId: string,
    @Body() body: CloseActivityBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { outcome, reason } = body;
    return this.commands.send({ type: 'CloseActivity', data: { activityId, outcome, reason } }, meta);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'An activity’s events, oldest first' })
  @ApiOkResponse({ description: 'the stream’s event envelopes, oldest first' })
  @ReadResponses(Object)
  async history(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor): Promise<RecordedEvent[]> {
    requireRead(actor, 'activities', 'Reading an activity’s history');
    const events = await readKnownStream(this.store, 'activity', id);
    const concerns = activityStreamConcerns(events);
    requireReadOf(actor, 'activities', concerns, `Activity ${id}`);
    const ownOnly = onlyOwnCommitments(actor, concerns.regionId ?? '');
    const others = new Set(
      events
        .filter(
          (e) => e.type === 'PartnerCommitted' && (e.data as { partnerId?: string }).partnerId !== actor.organisationId,
        )
        .map((e) => (e.data as { commitmentId?: string }).commitmentId),
    );
    return events
      .filter((e) => !ownOnly || !others.has((e.data as { commitmentId?: string }).commitmentId))
      .map((e) => redactEnvelope(e, actor));
  }
}
