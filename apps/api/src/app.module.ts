import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { AccessTokens, CommandRunner, PersonalDataVault } from '@akkoord/application';
import type { EventStore } from '@akkoord/event-store';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import type { LedgerIntegrity } from '@akkoord/notary';
import type { Logger } from 'pino';
import { ActivitiesController } from './activities/activities.controller.js';
import { AgreementReadsController } from './agreements/agreement-reads.controller.js';
import { AgreementsController } from './agreements/agreements.controller.js';
import { ListsController } from './lists/lists.controller.js';
import { CommandSender, RunCommandHandler } from './commands/run-command.js';
import { DEFAULTS, type AppConfig } from './config.js';
import { HealthController } from './health/health.controller.js';
import { HealthReporter } from './health/health-report.js';
import type { WriteHealth } from './health/write-health.js';
import { Metrics, MetricsController } from './metrics/metrics.js';
import { PartnersController } from './partners/partners.controller.js';
import { Authenticator, AuthGuard } from './platform/auth.js';
import { SessionController } from './sign-in/session.controller.js';
import { Sessions } from './sign-in/sessions.js';
import { SignInCode } from './sign-in/sign-in-code.js';
import { SignInLimiter } from './sign-in/sign-in-limiter.js';
import { TokenFollower } from './sign-in/token-follower.js';
import { ReadModels } from './platform/read-models.js';
import {
  APP_CONFIG,
  CLOCK,
  EVENT_STORE,
  LEDGER_INTEGRITY,
  LOGGER,
  PROJECTION_RUNNER,
  READ_STORE,
  WRITE_HEALTH,
} from './platform/tokens.js';
import { ActivityStatusController } from './activity-status/activity-status.controller.js';
import { MonitorController } from './monitor/monitor.controller.js';
import { MonitoringRoundsController } from './monitoring-rounds/monitoring-rounds.controller.js';
import { BorgingController, BorgingHistoryController } from './borging/borging.controller.js';
import { InvolvementController } from './involvement/involvement.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { EventsController } from './events/events.controller.js';
import { ExportsController } from './exports/exports.controller.js';
import { ImportsController } from './imports/imports.controller.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { ProjectionsStatusController } from './projections-status/projections-status.controller.js';
import { notaryProvider } from './ledger/notary.provider.js';
import { RegionTimelineController } from './region-timeline/region-timeline.controller.js';
import { TimeSeriesController } from './timeseries/timeseries.controller.js';
import { ProgrammesController } from './programmes/programmes.controller.js';
import { RegionChangesController } from './regions/region-changes.controller.js';
import { RegionsController } from './regions/regions.controller.js';
import { TokensController } from './tokens/tokens.controller.js';
import { OpenPersonalData } from './people/open-personal-data.js';
import { AnswerCache } from './platform/answer-cache.js';
import { PeopleController } from './people/people.controller.js';

export interface AppDependencies {
  config: AppConfig;
  store: EventStore;
  logger: Logger;
  /** The server clock (tests and the demo inject their own). */
  clock?: () => Date;
}

/** Everything the app module is built from, once the read side is open. */
export interface AppParts extends AppDependencies {
  integrity: LedgerIntegrity;
  writes: WriteHealth;
  readStore: ReadStore;
  runner: ProjectionRunner;
  /** The person keys: seals personal fields on append, opens them in answers. */
  vault: PersonalDataVault;
}

@Module({})
export class AppModule {
  static register(deps: AppParts): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false })],
      controllers: [
        SessionController,
        HealthController,
        MetricsController,
        TokensController,
        ProgrammesController,
        PartnersController,
        RegionsController,
        ActivityStatusController,
        MonitorController,
        MonitoringRoundsController,
        InvolvementController,
        BorgingController,
        BorgingHistoryController,
        AuditController,
        RegionTimelineController,
        EventsController,
        ExportsController,
        ImportsController,
        LedgerController,
        ProjectionsStatusController,
        TimeSeriesController,
        ActivitiesController,
        AgreementsController,
        AgreementReadsController,
        ListsController,
        RegionChangesController,
        PeopleController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: EVENT_STORE, useValue: deps.store },
        { provide: LOGGER, useValue: deps.logger },
        { provide: CLOCK, useValue: deps.clock ?? (() => new Date()) },
        { provide: READ_STORE, useValue: deps.readStore },
        { provide: PROJECTION_RUNNER, useValue: deps.runner },
        { provide: LEDGER_INTEGRITY, useValue: deps.integrity },
        { provide: WRITE_HEALTH, useValue: deps.writes },
        { provide: PersonalDataVault, useValue: deps.vault },
        { provide: APP_INTERCEPTOR, useClass: OpenPersonalData },
        HealthReporter,
        ReadModels,
        AnswerCache,
        notaryProvider,
        { provide: CommandRunner, useFactory: (store: EventStore) => new CommandRunner(store), inject: [EVENT_STORE] },
        {
          provide: AccessTokens,
          useFactory: async (store: EventStore, config: AppConfig, vault: PersonalDataVault) => {
            const tokens = new AccessTokens(store, config.adminToken, vault);
            await tokens.load();
            return tokens;
          },
          inject: [EVENT_STORE, APP_CONFIG, PersonalDataVault],
        },
        TokenFollower,
        {
          provide: Sessions,
          useFactory: (config: AppConfig, clock: () => Date) =>
            new Sessions(config.sessionHours ?? DEFAULTS.sessionHours, clock),
          inject: [APP_CONFIG, CLOCK],
        },
        { provide: SignInCode, useFactory: (tokens: AccessTokens) => new SignInCode(tokens), inject: [AccessTokens] },
        SignInLimiter,
        Authenticator,
        Metrics,
        CommandSender,
        RunCommandHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [
        HealthReporter,
        APP_CONFIG,
        EVENT_STORE,
        LOGGER,
        CLOCK,
        READ_STORE,
        PROJECTION_RUNNER,
        LEDGER_INTEGRITY,
        ReadModels,
        PersonalDataVault,
      ],
    };
  }
}
