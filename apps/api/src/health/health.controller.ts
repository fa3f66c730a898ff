import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokens } from '@akkoord/application';
import type { IncomingMessage } from 'node:http';
import { Public, bearerToken } from '../platform/auth.js';
import { HealthReporter, type HealthReport, type HealthStatus } from './health-report.js';

/** Who may see the health details and /metrics over the public port: the programme office and auditors. */
export const DETAIL_ROLES = ['programme_office', 'auditor'];

/** True when the request carries a token of the programme office or an auditor. */
export async function mayReadDetails(tokens: AccessTokens, request: IncomingMessage): Promise<boolean> {
  const token = bearerToken(request);
  if (token === undefined) return false;
  const actor = await tokens.authenticate(token).catch(() => undefined);
  return actor !== undefined && actor.roles.some((role) => DETAIL_ROLES.includes(role));
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthReporter) private readonly reporter: HealthReporter,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
  ) {}

  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'liveness: the process answers (always up)' })
  live(): { status: HealthStatus } {
    return { status: 'up' };
  }

  /**
   * Readiness: `up`, `degraded` (serving, but impaired: read-only, disk nearly full, writes failing, lagging) or `down`
   * (503: the store does not answer). Without a programme-office or auditor token only the status.
   */
  @Public()
  @Get(['health', 'health/ready'])
  @ApiOperation({
    summary: 'readiness: up, degraded or down (503); the checks too with a programme-office or auditor token',
  })
  async ready(
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<HealthReport | { status: HealthStatus }> {
    const report = await this.reporter.report();
    response.status(report.status === 'down' ? 503 : 200);
    return (await mayReadDetails(this.tokens, request)) ? report : { status: report.status };
  }
}
