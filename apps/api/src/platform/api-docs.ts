import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  DocumentBuilder,
  SwaggerModule,
} from '@nestjs/swagger';

export class CommandResultBody {
  @ApiProperty({ example: 'activity-lmr-werkgeversservicepunt' }) streamId!: string;
  @ApiProperty({ description: '0-based version of the last event appended', example: 3 }) streamVersion!: number;
  @ApiProperty({ description: 'global position of the last event appended (from 1)', example: 42 })
  globalPosition!: number;
  @ApiProperty({ type: [String] }) eventIds!: string[];
}

export class FieldProblemBody {
  @ApiProperty({ example: 'targets.0.dueDate' }) field!: string;
  @ApiProperty({ example: 'dueDate must be a real date YYYY-MM-DD' }) message!: string;
}

export class ValidationErrorBody {
  @ApiProperty({ enum: ['validation'] }) error!: 'validation';
  @ApiProperty({ type: [FieldProblemBody] }) details!: FieldProblemBody[];
}

export class MessageErrorBody {
  @ApiProperty({ enum: ['unauthenticated', 'not_found', 'conflict', 'unavailable', 'too_many_requests'] })
  error!: string;
  @ApiProperty() message!: string;
}

export class ForbiddenErrorBody {
  @ApiProperty({ enum: ['forbidden'] }) error!: 'forbidden';
  @ApiProperty() reason!: string;
}

export class ConflictErrorBody {
  @ApiProperty({ enum: ['conflict'] }) error!: 'conflict';
  @ApiPropertyOptional() expectedVersion?: number;
  @ApiPropertyOptional({ description: '-1 when the stream does not exist' }) actualVersion?: number;
  @ApiPropertyOptional() message?: string;
}

export class RuleErrorBody {
  @ApiProperty({ enum: ['rule'] }) error!: 'rule';
  @ApiProperty({ example: 'partner_not_member' }) rule!: string;
  @ApiProperty() message!: string;
}

/** The error answers every authenticated route can give. */
export function ReadResponses(type: unknown) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth('session'),
    ApiOkResponse({ type: type as never }),
    ApiBadRequestResponse({ type: ValidationErrorBody }),
    ApiUnauthorizedResponse({ type: MessageErrorBody }),
    ApiForbiddenResponse({ type: ForbiddenErrorBody }),
    ApiNotFoundResponse({ type: MessageErrorBody }),
    ApiTooManyRequestsResponse({ type: MessageErrorBody, description: 'rate limit; see Retry-After' }),
  );
}

/** A command route's headers and answers (api.md, "Conventions"). */
export function CommandResponses() {
  return applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth('session'),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key again returns the first answer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'append only if the stream is at this version' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiCreatedResponse({ type: CommandResultBody }),
    ApiBadRequestResponse({ type: ValidationErrorBody }),
    ApiUnauthorizedResponse({ type: MessageErrorBody }),
    ApiForbiddenResponse({ type: ForbiddenErrorBody }),
    ApiNotFoundResponse({ type: MessageErrorBody }),
    ApiConflictResponse({ type: ConflictErrorBody }),
    ApiUnprocessableEntityResponse({ type: RuleErrorBody }),
  );
}

/** OpenAPI at `/docs` (JSON at `/docs-json`). */
export function setupDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Akkoord')
    .setDescription('The event-sourced collaboration ledger of the labour-market regions: commands and queries.')
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description:
        'An opaque Akkoord access token (`akk_…`, from POST /api/tokens or `akkoord tokens create`), or ' +
        'AKKOORD_ADMIN_TOKEN. Not a JWT: only its SHA-256 is stored.',
    })
    .addCookieAuth(
      'akkoord_session',
      {
        type: 'apiKey',
        in: 'cookie',
        name: 'akkoord_session',
        description:
          "The web dashboard's session (POST /api/session): HttpOnly, SameSite=Strict. With the cookie, POST, " +
          'PUT, PATCH and DELETE also need the header X-Requested-With: akkoord-web (else 403).',
      },
      'session',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ValidationErrorBody, MessageErrorBody, ForbiddenErrorBody, ConflictErrorBody, RuleErrorBody],
  });
  SwaggerModule.setup('docs', app, document);
}
