import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';

import { AuditModule } from './audit/audit.module';
import { ProgrammeModule } from './programme/programme.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { AgendaModule } from './agenda/agenda.module';
import { ExportsModule } from './exports/exports.module';
import { EditionsModule } from './editions/editions.module';
import { DemoModule } from './demo/demo.module';
import { DeclarationsModule } from './declarations/declarations.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { LiveSessionModule } from './live-session/live-session.module';
import { ChatModule } from './chat/chat.module';
import { QaModule } from './qa/qa.module';
import { ModerationModule } from './moderation/moderation.module';
import { PollsModule } from './polls/polls.module';
import { ReactionsModule } from './reactions/reactions.module';
import { AuthModule } from './auth/auth.module';
import { DomainEventsModule } from './common/domain-events/domain-events.module';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppValidationPipe } from './common/validation/validation.pipe';
import { AppConfig, runsBackgroundJobs } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { MailModule } from './mail/mail.module';
import { AccountsModule } from './accounts/accounts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { CertificatesModule } from './certificates/certificates.module';
import { StageModule } from './stage/stage.module';

/** Feature modules in one list, so the app, the tests and the docs agree on what Plenary is made of. */
export const FEATURE_MODULES = [
  AuthModule,
  EventsModule,
  AuditModule,
  OrganizationsModule,
  ProgrammeModule,
  AgendaModule,
  ExportsModule,
  EditionsModule,
  RegistrationsModule,
  LiveSessionModule,
  ChatModule,
  QaModule,
  ModerationModule,
  DeclarationsModule,
  PollsModule,
  ReactionsModule,
  DemoModule,
  HealthModule,
  MetricsModule,
  // Accounts and mail (issue 15)
  MailModule,
  AccountsModule,
  AnalyticsModule,
  CertificatesModule,
  StageModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.database, {
          migrate: config.workerSlot === null,
          checkpoint: runsBackgroundJobs(config),
        }),
        DomainEventsModule,
        LifecycleModule,
        RateLimitModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
