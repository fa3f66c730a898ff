import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '@akkoord/application';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses } from '../platform/api-docs.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { IdPipe } from '../platform/validation.js';
import { LaunchProgrammeBody, OpenMonitoringRoundBody } from './programmes.dto.js';

@ApiTags('programmes')
@Controller('api/programmes')
export class ProgrammesController {
  constructor(@Inject(CommandSender) private readonly commands: CommandSender) {}

  @Post()
  @ApiOperation({ summary: 'Launch a programme' })
  @HttpCode(201)
  @CommandResponses()
  launch(@Body() body: LaunchProgrammeBody, @CommandRequest() meta: CommandMeta): Promise<CommandResult> {
    const { id: programmeId, name, owner, startDate, endDate } = body;
    return this.commands.send(
      { type: 'LaunchProgramme', data: { programmeId, name, owner, startDate, endDate } },
      meta,
    );
  }

  @Post(':id/monitoring-rounds')
  @ApiOperation({ summary: 'Open a monitoring round for a period' })
  @HttpCode(201)
  @CommandResponses()
  openRound(
    @Param('id', IdPipe) programmeId: string,
    @Body() body: OpenMonitoringRoundBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { period, dueDate } = body;
    return this.commands.send({ type: 'OpenMonitoringRound', data: { programmeId, period, dueDate } }, meta);
  }
}
