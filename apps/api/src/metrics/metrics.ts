import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { ApiExcludeController, ApiOperation } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { requireRead } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { CurrentActor } from '../platform/auth.js';

/** The app's Prometheus metrics, in a registry of its own (several apps may run in one test process). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'akkoord_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'akkoord_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'akkoord_commands_total',
    help: 'Commands by type and outcome (ok, validation, unauthenticated, forbidden, not_found, conflict, rule, error).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly answerCache = new Counter({
    name: 'akkoord_answer_cache_total',
    help: 'Answers the answer cache served from memory (hit) or had computed (miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly answerCacheBytes = new Gauge({
    name: 'akkoord_answer_cache_chars',
    help: 'Characters of JSON the answer cache holds (at most 64 Mi).',
    registers: [this.registry],
  });

  readonly ledgerReadOnly = new Gauge({
    name: 'akkoord_ledger_read_only',
    help: '1 when the ledger failed its integrity check and takes no commands (see GET /api/ledger/status).',
    registers: [this.registry],
  });
  readonly ledgerBadPosition = new Gauge({
    name: 'akkoord_ledger_integrity_bad_position',
    help: 'The first position that failed the integrity check (0: none).',
    registers: [this.registry],
  });
  readonly ledgerCheckedTo = new Gauge({
    name: 'akkoord_ledger_integrity_checked_position',
    help: 'How far the background full integrity check has come.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'akkoord_' });
  }
}

@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  /** Over the public port with a programme-office or auditor token; without one on AKKOORD_METRICS_ADDR. */
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(@CurrentActor() actor: Actor): Promise<string> {
    requireRead(actor, 'operations', 'Reading the metrics');
    return this.metrics.registry.metrics();
  }
}
