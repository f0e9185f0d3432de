import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { makeEvent, makeRegistration, makeSession } from '../../test/factories/event.factory';
import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import { newId } from '../common/ids';
import { loadAccess } from '../live-access/live-access';
import { LiveDb, LiveOp } from '../realtime/live-db';
import type { PollKind } from '../realtime/realtime.contract';
import type { PollVoteDto } from './dto/poll.dto';
import { PollCommands } from './poll-commands.service';
import { tallyOf } from './poll-results';
import { PollTallies } from './poll-tallies';
import type { PollRow } from './poll.view';
import { findPoll as findPollRow, insertPoll, updateDraft } from './polls.queries';
import { PollsService } from './polls.service';

/** Runs `op`, noting the SQL of every statement it asks for. */
function* noting<T>(op: LiveOp<T>, statements: string[]): LiveOp<T> {
  let step = op.next();
  while (!step.done) {
    statements.push(step.value.sql);
    let result: unknown;
    try {
      result = yield step.value;
    } catch (error) {
      step = op.throw(error);
      continue;
    }
    step = op.next(result);
  }
  return step.value;
}

/**
 * The tallies kept in memory must always equal the tally counted from `poll_votes`: after first votes,
 * changed votes, resends, and writes that LiveDb did not make.
 */
describe('PollTallies', () => {
  let t: TestApp;
  let db: LiveDb;
  let commands: PollCommands;
  let tallies: PollTallies;
  let sessionId: string;
  let eventId: string;
  const users: string[] = [];

  const counted = (poll: PollRow) => db.read(() => tallyOf(poll));

  async function openPoll(kind: PollKind, status: PollRow['status'] = 'open'): Promise<PollRow> {
    const now = new Date().toISOString();
    const poll: PollRow = {
      id: newId(),
      sessionId,
      eventId,
      question: `A ${kind} poll`,
      kind,
      options: kind === 'single' || kind === 'multiple' ? JSON.stringify(['A', 'B', 'C', 'D']) : null,
      maxChoices: kind === 'multiple' ? 3 : null,
      scale: kind === 'rating' ? 5 : null,
      anonymous: true,
      showResults: 'live',
      status,
      createdById: null,
      openedAt: status === 'draft' ? null : now,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await db.write(() => insertPoll(poll));
    return poll;
  }

  const vote = (userIndex: number, input: Omit<PollVoteDto, 'clientId'>, clientId = randomUUID()) =>
    commands.vote(users[userIndex], { ...input, clientId });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(LiveDb);
    commands = t.app.get(PollCommands);
    tallies = t.app.get(PollTallies);
    const event = await makeEvent(t);
    eventId = event.id;
    sessionId = (await makeSession(t, event.id)).id;
    for (let index = 0; index < 6; index++) {
      const id = newId();
      await t.app
        .get(DataSource)
        .query(
          `INSERT INTO users ("id", "email", "emailKey", "name", "passwordHash", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
          [id, `${id}@tally.example`, `${id}@tally.example`, `Voter ${index}`, 'x', new Date().toISOString()],
        );
      await makeRegistration(t, event.id, id);
      users.push(id);
    }
  });
  afterAll(() => t.close());

  it('should keep choice tallies equal to the counted ones through first, changed and resent votes', async () => {
    const poll = await openPoll('multiple');
    await vote(0, { pollId: poll.id, choices: [0, 1] });
    // The first flush reads the tally; every vote after it moves the kept counts.
    expect(await tallies.tally(poll)).toEqual(await counted(poll));
    await vote(1, { pollId: poll.id, choices: [2] });
    await vote(2, { pollId: poll.id, choices: [0, 2, 3] });
    const clientId = randomUUID();
    await vote(1, { pollId: poll.id, choices: [3] }, clientId);
    await vote(1, { pollId: poll.id, choices: [3] }, clientId);
    const kept = await tallies.tally(poll);
    expect(kept).toEqual(await counted(poll));
    expect(kept.voters).toBe(3);
    expect(kept.options?.map((option) => option.votes)).toEqual([2, 1, 1, 2]);
  });

  it('should keep rating and text tallies equal to the counted ones', async () => {
    const rating = await openPoll('rating');
    const text = await openPoll('text');
    await vote(0, { pollId: rating.id, rating: 4 });
    await vote(0, { pollId: text.id, text: 'Open cooperation' });
    expect(await tallies.tally(rating)).toEqual(await counted(rating));
    expect(await tallies.tally(text)).toEqual(await counted(text));
    await vote(1, { pollId: rating.id, rating: 2 });
    await vote(0, { pollId: rating.id, rating: 5 });
    await vote(1, { pollId: text.id, text: '开放 合作 cooperation' });
    await vote(0, { pollId: text.id, text: 'Recovery and growth' });
    const keptRating = await tallies.tally(rating);
    expect(keptRating).toEqual(await counted(rating));
    expect(keptRating.rating).toEqual({ average: 3.5, histogram: [0, 1, 0, 0, 1] });
    const keptText = await tallies.tally(text);
    expect(keptText).toEqual(await counted(text));
    expect(keptText.words?.find((entry) => entry.word === 'open')).toBeUndefined();
  });

  it('should read the tally again after a write LiveDb did not make', async () => {
    const poll = await openPoll('single');
    await vote(3, { pollId: poll.id, choices: [1] });
    expect((await tallies.tally(poll)).voters).toBe(1);
    const now = new Date().toISOString();
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO poll_votes ("pollId", "userId", "sessionId", "clientIds", "choiceMask", "rating", "text", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, 1, NULL, NULL, ?, ?)`,
        [poll.id, users[4], sessionId, randomUUID(), now, now],
      );
    const kept = await tallies.tally(poll);
    expect(kept).toEqual(await counted(poll));
    expect(kept.voters).toBe(2);
  });

  it('should give the join snapshot the kept tallies without counting votes', async () => {
    const polls = t.app.get(PollsService);
    const poll = await openPoll('single');
    await vote(0, { pollId: poll.id, choices: [0] });
    const access = await db.read(() => loadAccess(sessionId, users[0]));
    // The first join reads each poll's tally once; votes after it move the kept counts.
    await polls.forJoin(access, undefined);
    await vote(1, { pollId: poll.id, choices: [1] });
    await vote(0, { pollId: poll.id, choices: [1] });
    const statements: string[] = [];
    const read = db.read.bind(db);
    jest.spyOn(db, 'read').mockImplementation((op) => read(() => noting(op(), statements)));
    try {
      const { polls: entries } = await polls.forJoin(access, undefined);
      expect(statements.length).toBeGreaterThan(0);
      // Neither a count nor the text answers a text poll's words are counted from.
      expect(statements.filter((sql) => /COUNT\(|LEFT JOIN users/.test(sql))).toEqual([]);
      const entry = entries.find((candidate) => candidate.poll.id === poll.id);
      expect(entry?.results?.options?.map((option) => option.votes)).toEqual([0, 2, 0, 0]);
      for (const { poll: shown, results } of entries) {
        const row = (await db.read(() => findPollRow(shown.id)))!;
        expect(results).toEqual({ ...(await counted(row)), status: row.status });
      }
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('should not keep the counts of a draft, whose options may still change', async () => {
    const draft = await openPoll('single', 'draft');
    expect((await db.read(() => tallies.countsIn(draft))).buckets).toHaveLength(4);
    const edited: PollRow = { ...draft, options: JSON.stringify(['A', 'B', 'C', 'D', 'E']) };
    await db.write(() => updateDraft(edited));
    expect((await db.read(() => tallies.countsIn(edited))).buckets).toEqual([0, 0, 0, 0, 0]);
  });
});
