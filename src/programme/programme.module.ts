import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { User } from '../auth/user.entity';
import { Organization } from '../organizations/organization.entity';
import { RoomsController } from './rooms.controller';
import { Room } from './room.entity';
import { RoomsService } from './rooms.service';
import { SpeakersController } from './speakers.controller';
import { Speaker } from './speaker.entity';
import { SpeakersService } from './speakers.service';
import { TracksController } from './tracks.controller';
import { Track } from './track.entity';
import { TracksService } from './tracks.service';

/** Rooms, tracks and speakers of an edition (sessions live in the agenda feature). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Room, Track, Speaker, Organization, User, AgendaSession, SessionParticipant]),
  ],
  controllers: [RoomsController, TracksController, SpeakersController],
  providers: [RoomsService, TracksService, SpeakersService],
  exports: [RoomsService, TracksService, SpeakersService],
})
export class ProgrammeModule {}
