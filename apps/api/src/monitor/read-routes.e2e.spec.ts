import { Injectable, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import type { DomainCommand } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import { ProjectionRunner, openReadStore, type ReadStore } from '@akkoord/projections';
import { pino } from 'pino';
import request from 'supertest';
import { activityStatusProjection } from '../../../../projections/activity-status/activity-status.projection.js';
import { monitorProjection } from '../../../../projections/monitor/monitor.projection.js';
import { timeseriesProjection } from '../../../../projections/timeseries/timeseries.projection.js';
import { openWorld, planActivity, seedRegion, type World } from '../../../../test/support/world.js';
import { STORE_KINDS } from '../../../../test/support/stores.js';
import type { AppRequest } from '../platform/auth.js';
import { HttpErrorFilter } from '../platform/http-errors.js';
import { ReadModels } from '../platform/read-models.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { AppValidationPipe } from '../platform/validation.js';
import { TimeSeriesController } from '../timeseries/timeseries.controller.js';
import { MonitorController } from './monitor.controller.js';

/** Stands in for the token guard: the actor's roles come from a test header (`none` for a token without roles). */
@Injectable()
class HeaderActorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AppRequest>();
    const role = String(req.headers['x-test-role'] ?? 'analyst');
    const actor: Actor = { userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role], regionIds: [] };
    req.actor = actor;
    return true;
  }
}

function report(activityId: string, period: string, status: string): DomainCommand {
  return {
    type: 'ReportStatus',
    data: { activityId, period, status: status as 'on_track', realised: [], validFrom: '2020-12-31' },
  };
}

/**
 * The monitor and time series routes over HTTP, on a small Nest app holding only these controllers (the app module
 * registers them for real): parameters, answers, 400s, 403s and 404s.
 */
describe.each(STORE_KINDS)('the monitor and time series routes on %s', (kind) => {
  let world: World;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  let app: INestApplication;
  const get = (path: string, role = 'analyst') => request(app.getHttpServer()).get(path).set('x-test-role', role);

  beforeAll(async () => {
    world = await openWorld(kind);
    readStore = await openReadStore(world.ledger.url);
    runner = new ProjectionRunner(world.store, readStore, [
      activityStatusProjection,
      monitorProjection,
      timeseriesProjection,
    ]);
    world.now = new Date('2019-09-01T09:00:00Z');
    await seedRegion(world, 'twente');
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('a2', 'twente', 'demand'));
    world.now = new Date('2020-10-05T09:00:00Z');
    await world.run(report('a1', '2020-Q3', 'on_track'));
    world.now = new Date('2021-02-20T09:00:00Z');
    await world.run(report('a1', '2020-Q4', 'at_risk'));
    await runner.start();
    const moduleRef = await Test.createTestingModule({
      controllers: [MonitorController, TimeSeriesController],
      providers: [
        { provide: ReadModels, useValue: new ReadModels(readStore, runner, world.store) },
        { provide: EVENT_STORE, useValue: world.store },
        { provide: APP_GUARD, useClass: HeaderActorGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(new AppValidationPipe());
    app.useGlobalFilters(new HttpErrorFilter(pino({ level: 'silent' })));
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await runner.stop();
    await readStore.close();
    await world.close();
  });

  it('answers the monitor table, now and as the ledger knew it', async () => {
    const response = await get('/api/monitor?programmeId=pow&period=2020-Q4');
    expect(response.status).toBe(200);
    expect(response.body.rows.map((r: { category: string }) => r.category)).toEqual([
      'supply',
      'demand',
      'route',
      'training',
      'collaboration',
    ]);
    expect(response.body.rows[0]).toEqual({
      category: 'supply',
      counts: { on_track: 0, at_risk: 1, needs_adjustment: 0 },
      percents: { on_track: 0, at_risk: 100, needs_adjustment: 0 },
      reported: 1,
      unreported: 0,
    });
    expect(response.body.total).toMatchObject({ reported: 1, unreported: 1 });
    const before = await get('/api/monitor?programmeId=pow&period=2020-Q4&asOf=2021-01-01T00:00:00%2B01:00');
    expect(before.body.rows[0].counts).toEqual({ on_track: 1, at_risk: 0, needs_adjustment: 0 });
  });

  it('answers the time series over the programme’s span by default', async () => {
    const response = await get('/api/timeseries/status?programmeId=pow');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ interval: 'quarter', from: '2019-07-01', to: '2021-12-31' });
    expect(response.body.buckets).toHaveLength(10);
    expect(response.body.buckets[5]).toEqual({
      period: '2020-Q4',
      on_track: 0,
      at_risk: 1,
      needs_adjustment: 0,
      unreported: 1,
      open: 2,
      reported: 1,
    });
    const months = await get(
      '/api/timeseries/status?interval=month&from=2020-09-01&to=2020-10-31&regionId=twente&category=supply&asOf=2021-01-01T00:00:00Z',
    );
    expect(months.body).toEqual({
      interval: 'month',
      from: '2020-09-01',
      to: '2020-10-31',
      buckets: [
        { period: '2020-09', on_track: 1, at_risk: 0, needs_adjustment: 0, unreported: 0, open: 1, reported: 1 },
        { period: '2020-10', on_track: 1, at_risk: 0, needs_adjustment: 0, unreported: 1, open: 1, reported: 0 },
      ],
    });
    // without a programme: the span of the activities in scope
    const all = await get('/api/timeseries/status?interval=quarter');
    expect(all.body).toMatchObject({ from: '2019-10-01', to: '2021-12-31' });
    expect(all.body.buckets).toHaveLength(9);
    const nothing = await get('/api/timeseries/status?category=route');
    expect(nothing.body).toEqual({ interval: 'quarter', from: null, to: null, buckets: [] });
  });

  it.each([
    ['/api/monitor?period=2020-Q4', 'programmeId'],
    ['/api/monitor?programmeId=pow', 'period'],
    ['/api/monitor?programmeId=pow&period=2020-Q5', 'period'],
    ['/api/monitor?programmeId=POW!&period=2020-Q4', 'programmeId'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&asOf=yesterday', 'asOf'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&asOf=2021-01-01T00:00:00', 'asOf'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&programmeId=rmt', 'programmeId'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&colour=red', 'colour'],
    ['/api/timeseries/status?interval=week', 'interval'],
    ['/api/timeseries/status?from=2021-02-30', 'from'],
    ['/api/timeseries/status?from=2021-03-01&to=2021-01-01', 'to'],
    ['/api/timeseries/status?category=housing', 'category'],
    ['/api/timeseries/status?interval=month&from=2000-01-01&to=2020-12-31', 'to'],
    ['/api/timeseries/status?programmeId=pow&from=2022-01-01', 'from'],
  ])('answers 400 for %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation');
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each([
    '/api/monitor?programmeId=nope&period=2020-Q4',
    '/api/monitor?programmeId=pow&period=2020-Q4&asOf=2019-01-01T00:00:00Z',
    '/api/timeseries/status?programmeId=nope',
    '/api/timeseries/status?regionId=nowhere',
  ])('answers 404 for %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });

  it('describes both routes in OpenAPI, with their query parameters', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const names = (path: string) =>
      (document.paths[path].get?.parameters ?? []).map((p) => ('name' in p ? p.name : '')).sort();
    expect(names('/api/monitor')).toEqual(['asOf', 'period', 'programmeId', 'round']);
    expect(names('/api/timeseries/status')).toEqual([
      'asOf',
      'category',
      'from',
      'interval',
      'programmeId',
      'regionId',
      'to',
    ]);
    const required = (path: string) =>
      (document.paths[path].get?.parameters ?? [])
        .flatMap((p) => ('required' in p && p.required ? [p.name] : []))
        .sort();
    expect(required('/api/monitor')).toEqual(['period', 'programmeId']);
    expect(required('/api/timeseries/status')).toEqual([]);
  });

  it('answers 403 to a token without a reading role', async () => {
    const response = await get('/api/monitor?programmeId=pow&period=2020-Q4', 'none');
    expect(response.status).toBe(403);
    expect((await get('/api/timeseries/status', 'none')).status).toBe(403);
    expect((await get('/api/timeseries/status', 'auditor')).status).toBe(200);
  });
});
