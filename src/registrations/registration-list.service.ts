import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { User } from '../auth/user.entity';
import { FieldErrors, validationFailed } from '../common/errors/domain-error';
import { Event } from '../events/event.entity';
import { AnswerValue, Answers, answerMatches } from './registration-answers';
import { RegistrationListFilter, RegistrationListRow, StatusCounts, noCounts } from './registration-views';
import { Registration } from './registration.entity';
import { RegistrationsService } from './registrations.service';
import { waitlistPositions } from './waitlist';

/** The organizers' list of an event's registrations: filters on status and answers, pages in queue order. */
@Injectable()
export class RegistrationListService {
  constructor(
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly admission: RegistrationsService,
  ) {}

  /**
   * Organizers' list, in queue order, filtered by status and answers. Answers live in a JSON column, so the
   * answer filters run here; an event's registrations fit in memory comfortably. `counts` cover the whole
   * event, whatever the filter (counted from the rows loaded anyway, as `countStatuses` would).
   */
  async list(
    event: Event,
    filter: RegistrationListFilter,
  ): Promise<{ rows: RegistrationListRow[]; nextAfter: number | null; counts: StatusCounts }> {
    await this.admission.promoteIfSeatsFree(event);
    const all = await this.registrations.find({
      where: { eventId: event.id },
      order: { queueNumber: 'ASC' },
    });
    const counts = noCounts();
    for (const registration of all) {
      counts[registration.status] += 1;
    }
    const positions = waitlistPositions(all);
    const fields = new Map(event.registrationFields.map((field) => [field.key, field]));
    let matching = all.filter(
      (registration) =>
        (!filter.status || registration.status === filter.status) &&
        Object.entries(filter.answers).every(([key, wanted]) =>
          answerMatches(fields.get(key)!, answerOf(registration.answers, key), wanted),
        ),
    );
    if (filter.afterQueueNumber !== undefined) {
      const after = filter.afterQueueNumber;
      matching = matching.filter((registration) => registration.queueNumber > after);
    }
    let nextAfter: number | null = null;
    if (filter.limit !== undefined && matching.length > filter.limit) {
      matching = matching.slice(0, filter.limit);
      nextAfter = matching[matching.length - 1].queueNumber;
    }
    const users = await this.usersById(matching.map((registration) => registration.userId));
    const rows = matching.map((registration) => {
      const user = users.get(registration.userId);
      return {
        registration,
        position: positions.get(registration.id) ?? null,
        user: { id: registration.userId, name: user?.name ?? '', email: user?.email ?? '' },
      };
    });
    return { rows, nextAfter, counts };
  }

  /** Checks answer filters (`answers.<key>`) against the event's questions. */
  checkAnswerFilters(event: Event, filters: Record<string, string>): void {
    const keys = new Set(event.registrationFields.map((field) => field.key));
    const errors: FieldErrors = {};
    for (const key of Object.keys(filters)) {
      if (!keys.has(key)) {
        errors[`answers.${key}`] = ['is not a question of this event'];
      }
    }
    if (Object.keys(errors).length > 0) {
      throw validationFailed(errors);
    }
  }

  private async usersById(ids: string[]): Promise<Map<string, User>> {
    const map = new Map<string, User>();
    for (let i = 0; i < ids.length; i += 500) {
      const users = await this.users.findBy({ id: In(ids.slice(i, i + 500)) });
      for (const user of users) {
        map.set(user.id, user);
      }
    }
    return map;
  }
}

function answerOf(answers: Answers, key: string): AnswerValue | undefined {
  return Object.prototype.hasOwnProperty.call(answers, key) ? answers[key] : undefined;
}
