import { createHash } from 'node:crypto';
import type { AgreementView } from '@akkoord/contracts';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type CommandResult, requireRead, requireReadOf } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import type { Actor, EventStore } from '@akkoord/event-store';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses, ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { AsOfPipe, readKnownStream } from '../platform/reads.js';
import { CLOCK, EVENT_STORE } from '../platform/tokens.js';
import { IdPipe } from '../platform/validation.js';
import { agreementView } from './agreement.view.js';
import { AmendAgreementBody, DraftAgreementBody, SignAgreementBody, TerminateAgreementBody } from './agreements.dto.js';

/** SHA-256 (lowercase hex) of the terms as UTF-8: what the parties sign. */
export function termsHashOf(terms: string): string {
  return createHash('sha256').update(terms, 'utf8').digest('hex');
}

@ApiTags('agreements')
@Controller('api/agreements')
export class AgreementsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Draft an agreement' })
  @HttpCode(201)
  @CommandResponses()
  draft(@Body() body: DraftAgreementBody, @CommandRequest() meta: CommandMeta): Promise<CommandResult> {
    const { id: agreementId, regionId, kind, title, terms, parties, activityIds, validFrom, validUntil } = body;
    return this.commands.send(
      {
        type: 'DraftAgreement',
        data: {
          agreementId,
          regionId,
          kind,
          title,
          terms,
          termsHash: termsHashOf(terms),
          parties,
          activityIds,
          validFrom,
          ...(validUntil !== undefined && { validUntil }),
        },
      },
      meta,
    );
  }

  @Post(':id/signatures')
  @ApiOperation({ summary: 'Sign an agreement on its exact terms hash' })
  @HttpCode(201)
  @CommandResponses()
  sign(
    @Param('id', IdPipe) agreementId: string,
    @Body() body: SignAgreementBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { partnerId, termsHash } = body;
    const signatory = { name: body.signatory.name, function: body.signatory.function };
    const signedOn = body.signedOn ?? this.clock().toISOString().slice(0, 10);
    return this.commands.send(
      { type: 'SignAgreement', data: { agreementId, partnerId, signatory, termsHash, signedOn } },
      meta,
    );
  }

  @Post(':id/amendments')
  @ApiOperation({ summary: 'Amend an agreement’s terms (every party signs again)' })
  @HttpCode(201)
  @CommandResponses()
  amend(
    @Param('id', IdPipe) agreementId: string,
    @Body() body: AmendAgreementBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { terms, reason } = body;
    return this.commands.send(
      { type: 'AmendAgreement', data: { agreementId, terms, termsHash: termsHashOf(terms), reason } },
      meta,
    );
  }

  @Post(':id/termination')
  @ApiOperation({ summary: 'Terminate an agreement' })
  @HttpCode(201)
  @CommandResponses()
  terminate(
    @Param('id', IdPipe) agreementId: string,
    @Body() body: TerminateAgreementBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commands.send(
      { type: 'TerminateAgreement', data: { agreementId, by: meta.actor.organisationId, reason: body.reason } },
      meta,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One agreement with its versions and signatures' })
  @ReadResponses(Object)
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  async get(
    @Param('id', IdPipe) id: string,
    @Query('asOf', AsOfPipe) asOf: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AgreementView> {
    requireRead(actor, 'agreements', 'Reading an agreement');
    const view = agreementView(await readKnownStream(this.store, 'agreement', id, asOf));
    if (view === undefined) throw new NotFound('agreement', id);
    requireReadOf(actor, 'agreements', { regionId: view.regionId, organisationIds: view.parties }, `Agreement ${id}`);
    return view;
  }
}
