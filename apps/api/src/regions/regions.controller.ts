import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '@akkoord/application';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses } from '../platform/api-docs.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { IdPipe } from '../platform/validation.js';
import { JoinRegionBody, RegisterRegionBody } from './regions.dto.js';

@ApiTags('regions')
@Controller('api/regions')
export class RegionsController {
  constructor(@Inject(CommandSender) private readonly commands: CommandSender) {}

  @Post()
  @ApiOperation({ summary: 'Register a region' })
  @HttpCode(201)
  @CommandResponses()
  register(@Body() body: RegisterRegionBody, @CommandRequest() meta: CommandMeta): Promise<CommandResult> {
    return this.commands.send({ type: 'RegisterRegion', data: { regionId: body.id, name: body.name } }, meta);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a partner to a region with a role' })
  @HttpCode(201)
  @CommandResponses()
  join(
    @Param('id', IdPipe) regionId: string,
    @Body() body: JoinRegionBody,
    @CommandRequest() meta: CommandMeta,
  ): Promise<CommandResult> {
    const { partnerId, role } = body;
    return this.commands.send({ type: 'JoinRegion', data: { regionId, partnerId, role } }, meta);
  }
}
