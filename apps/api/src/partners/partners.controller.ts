import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandResult } from '@akkoord/application';
import { CommandSender } from '../commands/run-command.js';
import { CommandResponses } from '../platform/api-docs.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { RegisterPartnerBody } from './partners.dto.js';

@ApiTags('partners')
@Controller('api/partners')
export class PartnersController {
  constructor(@Inject(CommandSender) private readonly commands: CommandSender) {}

  @Post()
  @ApiOperation({ summary: 'Register a partner (organisation)' })
  @HttpCode(201)
  @CommandResponses()
  register(@Body() body: RegisterPartnerBody, @CommandRequest() meta: CommandMeta): Promise<CommandResult> {
    const { id: partnerId, name, kind } = body;
    return this.commands.send({ type: 'RegisterPartner', data: { partnerId, name, kind } }, meta);
  }
}
