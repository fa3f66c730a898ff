import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccessTokens, PersonalDataVault, forgetPerson } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import { ForbiddenErrorBody, MessageErrorBody, ValidationErrorBody } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { CommandRequest, type CommandMeta } from '../platform/command-request.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { IdPipe, IsText, LIMITS } from '../platform/validation.js';

export class ForgetPersonBody {
  @IsText(LIMITS.note, {
    description: 'why the person is forgotten (e.g. an AVG erasure request and its reference); recorded in the ledger',
    example: 'AVG-verzoek 2026-041 (art. 17)',
  })
  reason!: string;
}

export class PersonForgottenBody {
  @ApiProperty({ description: 'the forgotten person’s key id: the pseudonym the ledger keeps' }) keyId!: string;
  @ApiProperty({ description: 'position of the PersonForgotten event' }) globalPosition!: number;
  @ApiProperty() eventId!: string;
}

@ApiTags('people')
@Controller('api/people')
export class PeopleController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
  ) {}

  @Post(':userId/forget')
  @ApiOperation({
    summary: 'Forget a person (AVG right to erasure; programme office) / Persoon vergeten (recht op vergetelheid)',
    description:
      'Destroys the person’s key and records PersonForgotten (who, when, why and the key id — never the person). ' +
      'From then on every read, export and the dashboard show [verwijderd] for their user id and for the ' +
      'signatory names they recorded; the events, their positions and hashes stay, so verify and inclusion proofs ' +
      'still hold. Their access tokens stop working.\n\n' +
      'Vernietigt de sleutel van de persoon en legt PersonForgotten vast (wie, wanneer, waarom en de sleutel-id — ' +
      'nooit de persoon zelf). Daarna tonen alle overzichten, exports en het dashboard [verwijderd] voor hun ' +
      'gebruikers-id en de namen van ondertekenaars die zij vastlegden; de gebeurtenissen, hun posities en hashes ' +
      'blijven, dus verify en bewijzen van opname blijven kloppen. Hun toegangstokens werken niet meer.',
  })
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiCookieAuth('session')
  @ApiCreatedResponse({ type: PersonForgottenBody })
  @ApiBadRequestResponse({ type: ValidationErrorBody })
  @ApiUnauthorizedResponse({ type: MessageErrorBody })
  @ApiForbiddenResponse({ type: ForbiddenErrorBody })
  @ApiNotFoundResponse({ type: MessageErrorBody, description: 'the person has no key (nothing of theirs is sealed)' })
  async forget(
    @Param('userId', IdPipe) userId: string,
    @Body() body: ForgetPersonBody,
    @CurrentActor() actor: Actor,
    @CommandRequest() _headers: CommandMeta,
  ): Promise<PersonForgottenBody> {
    const result = await forgetPerson(this.store, this.vault, userId, body.reason, actor);
    this.tokens.revokePerson(result.keyId);
    return result;
  }
}
