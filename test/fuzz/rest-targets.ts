import { randomUUID } from 'node:crypto';

import type { FieldSpec } from './fuzz-support';
import type { World } from '../utils/world';

/** One write endpoint to fuzz: its valid path parameters and body, and the shape of the body. */
export interface RestTarget {
  method: 'post' | 'put' | 'patch' | 'delete';
  /** As in the OpenAPI document. */
  path: string;
  params: (w: World) => Record<string, string>;
  /** A valid body (the fuzzer breaks it); absent for endpoints that take none. */
  base?: (w: World) => Record<string, unknown>;
  fields?: Record<string, FieldSpec>;
}

const str = (max: number, nullable = false): FieldSpec => ({ kind: 'string', max, nullable });
const num = (nullable = false): FieldSpec => ({ kind: 'number', nullable });
const bool: FieldSpec = { kind: 'boolean' };
const oneOf: FieldSpec = { kind: 'enum' };
const list: FieldSpec = { kind: 'array' };
const obj: FieldSpec = { kind: 'object' };
const nullableObj: FieldSpec = { kind: 'object', nullable: true };

const slug = (w: World) => ({ slug: w.a.event.slug });
const eventFields = {
  title: str(200),
  description: str(10_000, true),
  timezone: str(64),
  startsOn: str(10),
  endsOn: str(10),
  languages: list,
  registration: obj,
};
const organizationFields = {
  name: str(200),
  shortName: str(40, true),
  country: str(80, true),
  url: str(500, true),
};
const roomFields = {
  name: str(120),
  capacity: num(true),
  streamUrl: str(500, true),
  stream: nullableObj,
  position: num(),
};
const trackFields = { name: str(120), color: str(7) };
const speakerFields = {
  name: str(120),
  position: str(300, true),
  organizationId: str(36, true),
  bio: str(5000, true),
  photoUrl: str(500, true),
  email: str(254, true),
  userId: str(36, true),
};
const sessionFields = {
  title: str(300),
  abstract: str(10_000, true),
  kind: oneOf,
  startsAt: str(40),
  endsAt: str(40),
  roomId: str(36, true),
  trackId: str(36, true),
  language: str(16, true),
  participants: list,
  capacity: num(true),
  qa: obj,
  chatEnabled: bool,
  stream: nullableObj,
};

/**
 * Declarations: every fuzzed request is refused before the declaration is looked up (token, path, body
 * validation), so fixed ids stand in for real ones and the world needs no declaration.
 */
const DECLARATION_ID = '5d1c2a9e-0b7f-4c3e-9a61-3f2d8e4b7c10';
const ENDORSEMENT_ID = '8e2f4b6a-1c3d-4e5f-8a7b-9c0d1e2f3a4b';
const declaration = (w: World) => ({ ...slug(w), id: DECLARATION_ID });
const endorsement = (w: World) => ({ ...declaration(w), eid: ENDORSEMENT_ID });
const declarationFields = { title: str(300), texts: obj, closesAt: str(40, true) };
const DECLARATION_TARGETS: RestTarget[] = [
  {
    method: 'post',
    path: '/api/events/{slug}/declarations',
    params: slug,
    base: () => ({ title: 'Joint Initiative', texts: { en: 'We agree.', zh: '我们同意。' } }),
    fields: declarationFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/declarations/{id}',
    params: declaration,
    base: () => ({ title: 'Renamed', texts: { en: 'We agree.' }, closesAt: '2030-11-21T18:00:00+08:00' }),
    fields: declarationFields,
  },
  { method: 'post', path: '/api/events/{slug}/declarations/{id}/publish', params: declaration },
  { method: 'post', path: '/api/events/{slug}/declarations/{id}/close', params: declaration },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/endorsements',
    params: declaration,
    base: (w) => ({
      organizationId: w.organization.id,
      representative: { name: 'Li Wei', position: 'President' },
      statement: 'We endorse it.',
    }),
    fields: { organizationId: str(36), representative: obj, statement: str(2000, true) },
  },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/endorsements/{eid}/verify',
    params: endorsement,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/endorsements/{eid}/reject',
    params: endorsement,
    base: () => ({ reason: 'Mandate not confirmed' }),
    fields: { reason: str(1000) },
  },
  { method: 'delete', path: '/api/events/{slug}/declarations/{id}/endorsements/{eid}', params: endorsement },
];
const pollFields = {
  question: str(300),
  kind: oneOf,
  options: list,
  maxChoices: num(),
  scale: num(),
  anonymous: bool,
  showResults: oneOf,
};

export const REST_TARGETS: RestTarget[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    params: () => ({}),
    base: () => ({
      email: `f-${randomUUID()}@example.test`,
      password: 'correct horse battery',
      name: 'Fuzz',
    }),
    fields: { email: str(254), password: str(200), name: str(120) },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    params: () => ({}),
    base: () => ({ email: 'nobody@example.test', password: 'correct horse battery' }),
    fields: { email: str(254), password: str(200) },
  },
  {
    method: 'post',
    path: '/api/events',
    params: () => ({}),
    base: () => ({
      slug: `fuzz-${randomUUID().slice(0, 8)}`,
      title: 'Fuzz',
      timezone: 'Asia/Shanghai',
      startsOn: '2031-01-01',
      endsOn: '2031-01-02',
    }),
    fields: { slug: str(64), ...eventFields },
  },
  {
    method: 'patch',
    path: '/api/events/{slug}',
    params: slug,
    base: () => ({ title: 'Fuzz' }),
    fields: eventFields,
  },
  { method: 'post', path: '/api/events/{slug}/publish', params: slug },
  {
    method: 'post',
    path: '/api/events/{slug}/clone',
    params: slug,
    base: () => ({ slug: `clone-${randomUUID().slice(0, 8)}`, title: 'Clone', startsOn: '2031-11-19' }),
    fields: { slug: str(64), title: str(200), startsOn: str(10) },
  },
  {
    method: 'put',
    path: '/api/events/{slug}/staff/{userId}',
    params: (w) => ({ ...slug(w), userId: w.users.unregistered.id }),
    base: () => ({ role: 'moderator' }),
    fields: { role: oneOf },
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/staff/{userId}',
    params: (w) => ({ ...slug(w), userId: w.users.moderator.id }),
  },
  {
    method: 'post',
    path: '/api/organizations',
    params: () => ({}),
    base: () => ({ name: `Institute ${randomUUID()}` }),
    fields: organizationFields,
  },
  {
    method: 'patch',
    path: '/api/organizations/{id}',
    params: (w) => ({ id: w.organization.id }),
    base: () => ({ country: 'Kazakhstan' }),
    fields: organizationFields,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/rooms',
    params: slug,
    base: () => ({ name: 'Hall' }),
    fields: roomFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/rooms/{id}',
    params: (w) => ({ ...slug(w), id: w.a.room.id }),
    base: () => ({ name: 'Hall' }),
    fields: roomFields,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/rooms/{id}',
    params: (w) => ({ ...slug(w), id: w.a.spareRoom.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/rooms/{id}/overlay-key',
    params: (w) => ({ ...slug(w), id: w.a.room.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/tracks',
    params: slug,
    base: () => ({ name: 'Policy', color: '#aa3300' }),
    fields: trackFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/tracks/{id}',
    params: (w) => ({ ...slug(w), id: w.a.track.id }),
    base: () => ({ color: '#00aa33' }),
    fields: trackFields,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/tracks/{id}',
    params: (w) => ({ ...slug(w), id: w.a.track.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/speakers',
    params: slug,
    base: () => ({ name: 'Zhang Wei' }),
    fields: speakerFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/speakers/{id}',
    params: (w) => ({ ...slug(w), id: w.a.speaker.id }),
    base: () => ({ position: 'Director' }),
    fields: speakerFields,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/speakers/{id}',
    params: (w) => ({ ...slug(w), id: w.a.speaker.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions',
    params: slug,
    base: (w) => ({
      title: 'Closing',
      kind: 'talk',
      startsAt: '2030-11-21T15:00:00+08:00',
      endsAt: '2030-11-21T16:00:00+08:00',
      roomId: w.a.room.id,
    }),
    fields: sessionFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/sessions/{id}',
    params: (w) => ({ ...slug(w), id: w.a.session.id }),
    base: () => ({ title: 'Opening' }),
    fields: sessionFields,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}',
    params: (w) => ({ ...slug(w), id: w.a.session.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations',
    params: slug,
    base: () => ({}),
    // null answers are no answers.
    fields: { answers: { kind: 'object', nullable: true } },
  },
  { method: 'delete', path: '/api/events/{slug}/registrations/me', params: slug },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations/{id}/approve',
    params: (w) => ({ ...slug(w), id: w.a.pending.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations/{id}/reject',
    params: (w) => ({ ...slug(w), id: w.a.pending.id }),
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/registration-settings',
    params: slug,
    base: () => ({ capacity: 500 }),
    fields: { capacity: num(true), requiresApproval: bool, open: bool },
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions/{id}/seat',
    params: (w) => ({ ...slug(w), id: w.a.seatedSession.id }),
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/seat',
    params: (w) => ({ ...slug(w), id: w.a.seatedSession.id }),
  },
  {
    method: 'put',
    path: '/api/events/{slug}/sessions/{id}/bookmark',
    params: (w) => ({ ...slug(w), id: w.a.session.id }),
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/bookmark',
    params: (w) => ({ ...slug(w), id: w.a.session.id }),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions/{id}/polls',
    params: (w) => ({ ...slug(w), id: w.a.session.id }),
    base: () => ({ question: 'Which one?', kind: 'single', options: ['Yes', 'No'] }),
    fields: pollFields,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/sessions/{id}/polls/{pollId}',
    // Any id: a refused body never reaches the lookup.
    params: (w) => ({ ...slug(w), id: w.a.session.id, pollId: randomUUID() }),
    base: () => ({ question: 'Which two?' }),
    fields: pollFields,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/polls/{pollId}',
    params: (w) => ({ ...slug(w), id: w.a.session.id, pollId: randomUUID() }),
  },
  { method: 'post', path: '/api/me/calendar/rotate', params: () => ({}) },
  { method: 'post', path: '/api/me/notifications/read', params: () => ({}) },
  ...DECLARATION_TARGETS,
  // Accounts and mail (issue 15)
  { method: 'post', path: '/api/auth/logout', params: () => ({}) },
  { method: 'post', path: '/api/auth/logout-all', params: () => ({}) },
  {
    method: 'post',
    path: '/api/auth/password/forgot',
    params: () => ({}),
    base: () => ({ email: 'nobody@example.test' }),
    fields: { email: str(254) },
  },
  {
    method: 'post',
    path: '/api/auth/password/reset',
    params: () => ({}),
    base: () => ({ token: 'not-a-reset-token', password: 'a new password 123' }),
    fields: { token: str(200), password: str(200) },
  },
  {
    method: 'patch',
    path: '/api/me',
    params: () => ({}),
    base: () => ({ name: 'Fuzz', locale: 'ru', timezone: 'Europe/Moscow', reminders: false }),
    fields: { name: str(120), locale: oneOf, timezone: str(64, true), reminders: bool, password: obj },
  },
  {
    method: 'delete',
    path: '/api/me',
    params: () => ({}),
    base: () => ({ password: 'not the password' }),
    fields: { password: str(200) },
  },
  { method: 'post', path: '/api/mail/unsubscribe', params: () => ({}) },
  // After the meeting (issue 16): no body; an unknown code of the organizer's own event.
  {
    method: 'post',
    path: '/api/events/{slug}/certificates/{code}/revoke',
    params: (w) => ({ ...slug(w), code: 'ZZZZZZZZZZZZ' }),
  },
];

export const targetName = (target: RestTarget): string => `${target.method.toUpperCase()} ${target.path}`;

/** The fuzz suite is split over files by these parts; every target must fall in exactly one. */
export const REST_PARTS = {
  accounts:
    /^\/api\/(auth|organizations|mail)|^\/api\/me$|^\/api\/events(\/\{slug\})?(\/(publish|clone|staff\/\{userId\}))?$/,
  programme: /^\/api\/events\/\{slug\}\/(rooms|tracks|speakers|sessions)(\/\{id\}(\/overlay-key)?)?$/,
  registrations: /registration|\/seat$|\/bookmark$|^\/api\/me\//,
  declarations: /^\/api\/events\/\{slug\}\/declarations/,
  live: /\/polls(\/\{pollId\})?$/,
  afterMeeting: /\/certificates\//,
};
export type RestPart = keyof typeof REST_PARTS;

export const partsOf = (target: RestTarget): RestPart[] =>
  (Object.keys(REST_PARTS) as RestPart[]).filter((part) => REST_PARTS[part].test(target.path));
