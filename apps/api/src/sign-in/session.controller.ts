import type { Session as SessionAnswer } from '@akkoord/contracts';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AccessTokens, Forbidden, Unauthenticated } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { ForbiddenErrorBody, MessageErrorBody, ValidationErrorBody } from '../platform/api-docs.js';
import { clientIp, Public, sessionId, WEB_CLIENT_HEADER, type AppRequest } from '../platform/auth.js';
import { ValidationFailed } from '../platform/validation.js';
import { SESSION_COOKIE, Sessions, type Session } from './sessions.js';
import { SignInCode } from './sign-in-code.js';
import { SignInLimiter } from './sign-in-limiter.js';

export class SignInBody {
  @ApiPropertyOptional({ description: 'a bearer token (AKKOORD_ADMIN_TOKEN included)', example: 'akk_…' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  token?: string;

  @ApiPropertyOptional({ description: 'the one-time sign-in code of the start-up link (`/aanmelden#code=…`)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  code?: string;
}

export class SessionBody implements SessionAnswer {
  @ApiProperty() userId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ type: [String] }) regionIds!: string[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

interface CookieResponse {
  cookie(name: string, value: string, options: Record<string, unknown>): void;
  clearCookie(name: string, options: Record<string, unknown>): void;
}

/**
 * Browser sessions for the web dashboard (*Aanmelden*, *Afmelden*): a token or the one-time sign-in code is traded
 * for an HttpOnly, SameSite=Strict cookie; API clients keep using `Authorization: Bearer`.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(Sessions) private readonly sessions: Sessions,
    @Inject(SignInCode) private readonly signInCode: SignInCode,
    @Inject(SignInLimiter) private readonly limiter: SignInLimiter,
  ) {}

  @Public()
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in: trade a token or the one-time code for a session cookie',
    description:
      'Body `{"token":"akk_…"}` or `{"code":"…"}`. Answers the session and sets `akkoord_session` (HttpOnly, ' +
      'SameSite=Strict). / Aanmelden: ruilt een token of de eenmalige code in voor een sessiecookie.',
  })
  @ApiCreatedResponse({ type: SessionBody, headers: { 'Set-Cookie': { description: 'akkoord_session=…; HttpOnly' } } })
  @ApiBadRequestResponse({ type: ValidationErrorBody })
  @ApiUnauthorizedResponse({ type: MessageErrorBody, description: 'wrong token, or an unknown or used code' })
  @ApiTooManyRequestsResponse({ type: MessageErrorBody, description: 'too many failed sign-ins; see Retry-After' })
  async signIn(
    @Body() body: SignInBody,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) response: CookieResponse,
  ): Promise<SessionBody> {
    if ((body.token === undefined) === (body.code === undefined)) {
      throw new ValidationFailed([{ field: 'body', message: 'send either token or code' }]);
    }
    const ip = clientIp(request);
    this.limiter.check(ip);
    const actor = body.token !== undefined ? await this.tokens.authenticate(body.token) : await this.trade(body.code!);
    if (actor === undefined) {
      this.limiter.fail(ip);
      throw new Unauthenticated(
        body.token !== undefined ? 'The token is not known.' : 'The sign-in code is not known or was already used.',
      );
    }
    this.sessions.end(sessionId(request));
    const { id, session } = this.sessions.start(actor);
    response.cookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.secure === true,
      expires: session.expiresAt,
    });
    return view(session);
  }

  @Public()
  @Get()
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'The current session',
    description: 'Who the session cookie signs in, until when. / De huidige sessie: wie, en tot wanneer.',
  })
  @ApiOkResponse({ type: SessionBody })
  @ApiUnauthorizedResponse({ type: MessageErrorBody })
  current(@Req() request: AppRequest): SessionBody {
    const session = this.sessions.get(sessionId(request));
    if (!session) throw new Unauthenticated('No session: sign in with POST /api/session.');
    return view(session);
  }

  @Public()
  @Delete()
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'Sign out (Afmelden)',
    description: 'Ends the session on the server and clears the cookie. / Afmelden: beëindigt de sessie.',
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ForbiddenErrorBody, description: `without X-Requested-With: ${WEB_CLIENT_HEADER}` })
  signOut(@Req() request: AppRequest, @Res({ passthrough: true }) response: CookieResponse): void {
    const id = sessionId(request);
    if (this.sessions.get(id) && request.headers['x-requested-with'] !== WEB_CLIENT_HEADER) {
      throw new Forbidden(`A DELETE with the session cookie needs the header X-Requested-With: ${WEB_CLIENT_HEADER}.`);
    }
    this.sessions.end(id);
    response.clearCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.secure === true,
    });
  }

  private async trade(code: string): Promise<Actor | undefined> {
    const grant = await this.signInCode.trade(code);
    return (
      grant && {
        userId: grant.userId,
        organisationId: grant.organisationId,
        roles: grant.roles,
        regionIds: grant.regionIds,
      }
    );
  }
}

function view(session: Session): SessionBody {
  const { userId, organisationId, roles, regionIds } = session.actor;
  return {
    userId,
    organisationId,
    roles: [...roles],
    regionIds: [...(regionIds ?? [])],
    expiresAt: session.expiresAt.toISOString(),
  };
}
