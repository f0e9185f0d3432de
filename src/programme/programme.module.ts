import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { User } from '../auth/user.entity';
import { Organization } from '../organizations/organization.entity';
import { ProgrammeUsage } from './programme-usage';
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
  imports: [TypeOrmModule.forFeature([Room, Track, Speaker, Organization, User])],
  controllers: [RoomsController, TracksController, SpeakersController],
  providers: [RoomsService, TracksService, SpeakersService, ProgrammeUsage],
  exports: [RoomsService, TracksService, SpeakersService, ProgrammeUsage],
})
export class ProgrammeModule {}
