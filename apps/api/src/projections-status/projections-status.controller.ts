import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import type { LeaseRow, ProjectionStatus, ReadStore } from '@akkoord/projections';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';
import { READ_STORE } from '../platform/tokens.js';
import { NODE_NAME, leaders } from '../scale/leadership.js';

/**
 * `GET /api/projections`: each read model's code version, position and lag behind the ledger's head; on PostgreSQL
 * also who leads each job (`leaders`: holder, epoch, lease expiry) and the answering node's name.
 */
@ApiTags('projections')
@Controller('api/projections')
export class ProjectionsStatusController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Each read model’s version, position and lag' })
  @ReadResponses(Object)
  async status(
    @CurrentActor() actor: Actor,
  ): Promise<{ projections: ProjectionStatus[]; leaders: LeaseRow[]; node: string }> {
    requireRead(actor, 'aggregates', 'Reading the read models’ status');
    return {
      projections: await this.readModels.runner.status(),
      leaders: await leaders(this.readStore),
      node: NODE_NAME,
    };
  }
}
