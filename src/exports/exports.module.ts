import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { Organization } from '../organizations/organization.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** schedule.json (c3voc), schedule.xml (frab) and schedule.ics, plus the iCalendar writer others reuse. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Room, Track, Speaker, Organization, AgendaSession, SessionParticipant]),
  ],
  controllers: [ExportsController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
