import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@akkoord/event-store';
import { Public } from '../platform/auth.js';
import { EVENT_STORE } from '../platform/tokens.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Liveness with the store's state: its kind and head position, or (503) why it cannot be read. */
  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness and the store’s state' })
  async health(@Res({ passthrough: true }) response: { status(code: number): unknown }) {
    try {
      const headPosition = await this.store.headPosition();
      return { status: 'ok', store: { kind: this.store.kind, status: 'up', headPosition } };
    } catch (error) {
      response.status(503);
      return { status: 'degraded', store: { kind: this.store.kind, status: 'down', error: (error as Error).message } };
    }
  }
}
