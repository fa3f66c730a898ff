import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokens, readScopeOf } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { Public, bearerToken, sessionId, type AppRequest } from '../platform/auth.js';
import { Sessions } from '../sign-in/sessions.js';
import { HealthReporter, type HealthReport, type HealthStatus } from './health-report.js';

/**
 * True when the request carries a bearer token or a session cookie (the dashboard signs in by cookie) whose roles may
 * read the operations data of the read table (`operations`: the programme office and auditors).
 */
export async function mayReadDetails(tokens: AccessTokens, sessions: Sessions, request: AppRequest): Promise<boolean> {
  const token = bearerToken(request);
  let actor: Actor | undefined;
  if (token !== undefined) actor = await tokens.authenticate(token).catch(() => undefined);
  else if (request.headers.authorization === undefined) actor = sessions.get(sessionId(request))?.actor;
  return actor !== undefined && readScopeOf(actor, 'operations') === 'all';
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthReporter) private readonly reporter: HealthReporter,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(Sessions) private readonly sessions: Sessions,
  ) {}

  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'liveness: the process answers (always up)' })
  live(): { status: HealthStatus } {
    return { status: 'up' };
  }

  /**
   * Readiness: `up`, `degraded` (serving, but impaired: read-only, disk nearly full, writes failing, lagging) or `down`
   * (503: the store does not answer). Without a programme-office or auditor token or session only the status.
   */
  @Public()
  @Get(['health', 'health/ready'])
  @ApiOperation({
    summary:
      'readiness: up, degraded or down (503); the checks too with a programme-office or auditor token or session',
  })
  async ready(
    @Req() request: AppRequest,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<HealthReport | { status: HealthStatus }> {
    const report = await this.reporter.report();
    response.status(report.status === 'down' ? 503 : 200);
    return (await mayReadDetails(this.tokens, this.sessions, request)) ? report : { status: report.status };
  }
}
