import { asBool } from '../realtime/live-db';
import type { Question, QuestionStatus } from '../realtime/realtime.contract';

/** A `questions` row as read by raw SQL (booleans normalised by `normalizeQuestion`; columns in questions.queries.ts). */
export interface QuestionRow {
  id: string;
  sessionId: string;
  eventId: string;
  authorId: string | null;
  authorName: string;
  clientId: string;
  text: string;
  anonymous: boolean;
  status: QuestionStatus;
  pinned: boolean;
  votes: number;
  dismissReason: string | null;
  seq: number;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function normalizeQuestion(row: QuestionRow): QuestionRow {
  return {
    ...row,
    anonymous: asBool(row.anonymous),
    pinned: asBool(row.pinned),
    votes: Number(row.votes),
    seq: Number(row.seq),
  };
}

/** Who is looking: moderators and organizers see everything; an asker sees their own questions whole. */
export interface QuestionViewer {
  userId: string | null;
  isModerator: boolean;
}

/** Statuses every attendee sees (and may vote on). */
const PUBLIC_STATUSES: readonly QuestionStatus[] = ['visible', 'answered'];

export const isPublicStatus = (status: QuestionStatus): boolean => PUBLIC_STATUSES.includes(status);

/** `IN (…)` of the public statuses, for SQL that must filter like `isPublicStatus`. */
export const PUBLIC_STATUSES_SQL = `(${PUBLIC_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** In a viewer's list: public questions, plus every question to moderators and to its own asker. */
export function listedFor(row: QuestionRow, viewer: QuestionViewer): boolean {
  return (
    viewer.isModerator ||
    isPublicStatus(row.status) ||
    (viewer.userId !== null && row.authorId === viewer.userId)
  );
}

/**
 * The question as one viewer may see it. An anonymous asker's identity reaches only moderators, organizers
 * and the asker; the dismissal reason only moderators and the asker.
 */
export function toQuestion(row: QuestionRow, viewer: QuestionViewer, voted?: boolean): Question {
  const own = viewer.userId !== null && row.authorId === viewer.userId;
  const privileged = viewer.isModerator || own;
  const question: Question = {
    id: row.id,
    sessionId: row.sessionId,
    seq: row.seq,
    text: row.text,
    author: !row.anonymous || privileged ? { id: row.authorId ?? '', name: row.authorName } : null,
    anonymous: row.anonymous,
    status: row.status,
    pinned: row.pinned,
    votes: row.votes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (privileged) {
    question.dismissReason = row.dismissReason;
  }
  if (voted !== undefined) {
    question.voted = voted;
  }
  return question;
}

/** `top`: pinned first, then most votes, then oldest; `recent`: pinned first, then newest. */
export function sortQuestions(rows: QuestionRow[], sort: 'top' | 'recent'): QuestionRow[] {
  return [...rows].sort((a, b) => {
    if (a.pinned !== b.pinned) {
      return a.pinned ? -1 : 1;
    }
    if (sort === 'top' && a.votes !== b.votes) {
      return b.votes - a.votes;
    }
    return sort === 'top' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt);
  });
}
