/** Shapes of the REST answers the client reads (see shared API.md). Optional fields are read defensively. */

import type { Poll, PollTally } from '../realtime/contract';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Me extends User {
  roles: { eventSlug: string; role: StaffRole }[];
}

export interface AuthResponse {
  accessToken: string;
  user: User;
}

export type StaffRole = 'organizer' | 'moderator';
export type RegistrationFieldType = 'text' | 'choice' | 'multi' | 'checkbox';

export interface RegistrationField {
  key: string;
  label: string;
  type: RegistrationFieldType;
  options?: string[];
  required?: boolean;
}

export interface EventInfo {
  id: string;
  slug: string;
  title: string;
  description: string | null;
  timezone: string;
  startsOn: string;
  endsOn: string;
  languages: string[];
  status: 'draft' | 'published';
  registration?: { capacity: number | null; requiresApproval: boolean; fields: RegistrationField[] };
  role?: StaffRole | null;
  /** Certificates of attendance: null when the event issues none. */
  certificates?: { minMinutes: number } | null;
}

export interface Organization {
  id: string;
  name: string;
  shortName?: string | null;
  country?: string | null;
  url?: string | null;
  /** The language its texts came in (null: not recorded, the directory's original). */
  lang?: string | null;
}

export type StreamKind = 'hls' | 'embed' | 'link';

export interface StreamCaption {
  lang: string;
  label: string;
  url: string;
}

/** What a stage plays (see API.md "The stage"). */
export interface Stream {
  kind: StreamKind;
  url: string;
  backupUrl?: string;
  captions?: StreamCaption[];
}

export interface Room {
  id: string;
  name: string;
  capacity?: number | null;
  streamUrl?: string | null;
  stream?: Stream | null;
  position?: number;
  /** Organizers only: the key of the room's production overlay. */
  overlayKey?: string;
  lang?: string | null;
}

/** What a room's production overlay shows (`GET …/rooms/:id/overlay?key=`). */
export interface OverlayState {
  roomId: string;
  roomName: string;
  session: { id: string; title: string } | null;
  pinnedQuestion: { id: string; text: string; authorName: string | null } | null;
  /** The live session's open poll, else its last closed one with public results; results null while hidden. */
  poll: OverlayPoll | null;
  /** The event's declarations open for endorsement, with their verified endorsement counts. */
  declarations: { id: string; title: string; endorsements: number }[];
}

export interface OverlayPoll extends Pick<
  Poll,
  'id' | 'question' | 'kind' | 'status' | 'showResults' | 'options' | 'scale'
> {
  results: Pick<PollTally, 'voters' | 'options' | 'rating' | 'words'> | null;
}

export interface Track {
  id: string;
  name: string;
  color: string;
  lang?: string | null;
}

export interface Speaker {
  id: string;
  name: string;
  position?: string | null;
  organizationId?: string | null;
  organization?: Organization | null;
  bio?: string | null;
  photoUrl?: string | null;
  email?: string | null;
  userId?: string | null;
}

export type SessionKind = 'keynote' | 'talk' | 'panel' | 'workshop' | 'ceremony' | 'break';
export const SESSION_KINDS: readonly SessionKind[] = [
  'keynote',
  'talk',
  'panel',
  'workshop',
  'ceremony',
  'break',
];
export type ParticipantRole = 'speaker' | 'moderator' | 'panelist' | 'host';
export const PARTICIPANT_ROLES: readonly ParticipantRole[] = ['speaker', 'moderator', 'panelist', 'host'];
export type LiveStatus = 'upcoming' | 'live' | 'ended';

export interface RawParticipant {
  speakerId?: string;
  role: ParticipantRole;
  speaker?: Speaker;
  name?: string;
  position?: string | null;
  organization?: Organization | null;
  organizationId?: string | null;
  lang?: string | null;
}

/** A session as the server sends it (embedded room/track/speakers or ids only). */
export interface RawSession {
  id: string;
  title: string;
  abstract?: string | null;
  kind: SessionKind;
  startsAt: string;
  endsAt: string;
  roomId?: string | null;
  room?: Room | null;
  trackId?: string | null;
  track?: Track | null;
  language?: string | null;
  interpretation?: string[];
  lang?: string | null;
  participants?: RawParticipant[];
  capacity?: number | null;
  qa?: { enabled?: boolean; moderated?: boolean; open?: boolean };
  qaEnabled?: boolean;
  qaModerated?: boolean;
  qaOpen?: boolean;
  chatEnabled?: boolean;
  status?: 'scheduled' | 'cancelled';
  liveStatus?: LiveStatus;
  streamUrl?: string | null;
  recordings?: Array<{ lang?: string; url: string }>;
  /** The session's own stream, overriding its room's. */
  stream?: Stream | null;
}

export interface Participant {
  speakerId: string;
  role: ParticipantRole;
  name: string;
  position: string | null;
  organization: Organization | null;
  lang?: string | null;
}

/** A session with its room, track and people resolved: what the views render. */
export interface Session {
  id: string;
  title: string;
  abstract: string | null;
  kind: SessionKind;
  startsAt: string;
  endsAt: string;
  room: Room | null;
  track: Track | null;
  /** Spoken on stage. */
  language: string | null;
  /** Offered as simultaneous interpretation. */
  interpretation: string[];
  /** The language title and abstract came in (the UI language where translated, else the original). */
  lang: string | null;
  participants: Participant[];
  capacity: number | null;
  qaEnabled: boolean;
  qaModerated: boolean;
  qaOpen: boolean;
  chatEnabled: boolean;
  cancelled: boolean;
  liveStatus: LiveStatus;
  streamUrl: string | null;
  recordings?: Array<{ lang?: string; url: string }>;
  /** What the stage plays: the session's own stream, else its room's (a bare streamUrl is an embed). */
  stream: Stream | null;
  /** The session's own stream (the organizer edits it), null when the room's plays. */
  ownStream?: Stream | null;
}

export interface AgendaDay<S = RawSession> {
  date: string;
  sessions: S[];
}

export interface AgendaResponse {
  timezone: string;
  days: AgendaDay[];
}

export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted' | 'rejected' | 'cancelled';

export interface Registration {
  id: string;
  status: RegistrationStatus;
  position?: number | null;
  answers?: Record<string, string | string[] | boolean>;
  user?: User;
  userId?: string;
  name?: string;
  email?: string;
  createdAt?: string;
}

export interface Notification {
  id: string;
  kind?: string;
  type?: string;
  title?: string;
  message?: string;
  summary?: string;
  sessionId?: string | null;
  sessionTitle?: string;
  session?: { id: string; title: string; startsAt?: string } | null;
  eventSlug?: string;
  createdAt: string;
  readAt?: string | null;
  changes?: Record<string, unknown> | string[];
}

export interface Items<T> {
  items: T[];
  nextCursor?: string | null;
}

export type QuestionStatus = 'pending' | 'visible' | 'answered' | 'dismissed';

export interface Question {
  id: string;
  sessionId: string;
  seq: number;
  text: string;
  author: { id: string; name: string } | null;
  anonymous: boolean;
  status: QuestionStatus;
  pinned?: boolean;
  votes: number;
  createdAt: string;
  dismissReason?: string | null;
  reason?: string | null;
  voted?: boolean;
  hasVoted?: boolean;
  mine?: boolean;
}

export interface ChatMessage {
  id: string;
  sessionId?: string;
  seq: number;
  author: { id: string; name: string } | null;
  text: string | null;
  createdAt: string;
  deleted?: boolean;
}

export interface ScheduleConflict {
  kind: 'room' | 'speaker' | 'outside-event';
  sessionId?: string;
  speakerId?: string;
}

/** `GET|POST /events/:slug/sessions/:id/seat`: the caller's seat in a session with a capacity. */
export interface SeatInfo {
  sessionId?: string;
  status: 'confirmed' | 'waitlisted' | 'none';
  /** 1-based waitlist place, only while waitlisted. */
  position?: number;
  capacity?: number | null;
  taken?: number;
  waiting?: number;
}
