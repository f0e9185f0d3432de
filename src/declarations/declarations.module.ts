import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { EventsModule } from '../events/events.module';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsModule } from '../organizations/organizations.module';
import { LiveCoreModule } from '../realtime/live-core.module';
import { DeclarationEndorsement } from './declaration-endorsement.entity';
import { Declaration } from './declaration.entity';
import { DeclarationsBroadcastListener } from './declarations-broadcast.listener';
import { DeclarationsController } from './declarations.controller';
import { DeclarationsService } from './declarations.service';
import { EndorsementsController } from './endorsements.controller';
import { EndorsementsService } from './endorsements.service';

/** Declarations endorsed by member organisations (the Joint Initiative): drafting, endorsing, verifying. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Declaration, DeclarationEndorsement, Organization, AgendaSession]),
    EventsModule,
    OrganizationsModule,
    LiveCoreModule,
  ],
  controllers: [DeclarationsController, EndorsementsController],
  providers: [DeclarationsService, EndorsementsService, DeclarationsBroadcastListener],
  exports: [DeclarationsService, EndorsementsService],
})
export class DeclarationsModule {}
