import { Injectable } from '@nestjs/common';

/** The time attendance is recorded at; a provider so scripted tests can play a session minute by minute. */
@Injectable()
export class AttendanceClock {
  now: () => number = () => Date.now();
}
