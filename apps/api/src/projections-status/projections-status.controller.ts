import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import type { ProjectionStatus } from '@akkoord/projections';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';

/** `GET /api/projections`: each read model's code version, position and lag behind the ledger's head. */
@ApiTags('projections')
@Controller('api/projections')
export class ProjectionsStatusController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: 'Each read model’s version, position and lag' })
  @ReadResponses(Object)
  async status(@CurrentActor() actor: Actor): Promise<{ projections: ProjectionStatus[] }> {
    requireRead(actor, 'aggregates', 'Reading the read models’ status');
    return { projections: await this.readModels.runner.status() };
  }
}
