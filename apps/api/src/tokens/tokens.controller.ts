import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RuleErrorBody } from '../platform/api-docs.js';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { AccessTokens, requireRole, tokenIssuers, ROLES, type Role } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { CurrentActor } from '../platform/auth.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { IsId, IsIdArray } from '../platform/validation.js';

export class IssueTokenBody {
  @IsId('who will use the token') userId!: string;
  @IsId('a partner id, or programme-office') organisationId!: string;
  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn([...ROLES], { each: true, message: `each value in $property must be one of: ${ROLES.join(', ')}` })
  roles!: Role[];
  @IsIdArray(100, { description: 'the regions a region coordinator acts for (may be empty)' }) regionIds!: string[];
}

export class IssuedTokenBody {
  @ApiProperty({ description: 'shown once; the ledger keeps only its hash' }) token!: string;
  @ApiProperty() tokenId!: string;
}

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/tokens')
export class TokensController {
  constructor(@Inject(AccessTokens) private readonly tokens: AccessTokens) {}

  @Post()
  @ApiOperation({ summary: 'Issue an access token (programme office)' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: IssuedTokenBody })
  @ApiUnprocessableEntityResponse({
    type: RuleErrorBody,
    description: 'the organisation or a region does not exist (unknown_organisation, unknown_region)',
  })
  async issue(
    @Body() body: IssueTokenBody,
    @CurrentActor() actor: Actor,
    // Checks the command headers (If-Match, Idempotency-Key) as on every other POST, though a token is never a retry.
    @CommandRequest() _headers: CommandMeta,
  ): Promise<IssuedTokenBody> {
    requireRole(actor, tokenIssuers, 'Issuing a token');
    const { userId, organisationId, roles, regionIds } = body;
    // issue() checks the grant (unknown_organisation, unknown_region), as it does for the CLI
    const { token, tokenId } = await this.tokens.issue({ userId, organisationId, roles, regionIds }, actor);
    return { token, tokenId };
  }
}
