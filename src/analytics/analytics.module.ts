import { Module } from '@nestjs/common';

import { AnalyticsCache } from './analytics-cache';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { AttendanceClock } from './attendance-clock';
import { AttendanceRecorder } from './attendance-recorder';

/** After the meeting: attendance recorded from live presence, and the organizers' figures. */
@Module({
  controllers: [AnalyticsController],
  providers: [AttendanceClock, AttendanceRecorder, AnalyticsCache, AnalyticsService],
  exports: [AttendanceClock, AnalyticsService],
})
export class AnalyticsModule {}
