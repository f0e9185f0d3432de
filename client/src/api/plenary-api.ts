import type { Poll } from '../realtime/contract';
import type { HttpClient } from './http-client';
import type {
  AgendaResponse,
  AuthResponse,
  EventInfo,
  Items,
  Me,
  Notification,
  Organization,
  OverlayState,
  RawSession,
  Registration,
  SeatInfo,
  Room,
  Speaker,
  Track,
} from './types';

const enc = encodeURIComponent;

/** Lists come as `{ items }`; tolerate a bare array too. */
function items<T>(value: Items<T> | T[] | undefined): T[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value?.items ?? [];
}

/** Every REST call the client makes, named by intent. */
export class PlenaryApi {
  readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  register(body: { email: string; password: string; name: string }) {
    return this.http.post<AuthResponse>('/auth/register', body);
  }
  login(body: { email: string; password: string }) {
    return this.http.post<AuthResponse>('/auth/login', body);
  }
  me() {
    return this.http.get<Me>('/auth/me');
  }

  async events(): Promise<EventInfo[]> {
    return items(await this.http.get<Items<EventInfo>>('/events'));
  }
  event(slug: string) {
    return this.http.get<EventInfo>(`/events/${enc(slug)}`);
  }
  createEvent(body: Record<string, unknown>) {
    return this.http.post<EventInfo>('/events', body);
  }
  updateEvent(slug: string, body: Record<string, unknown>) {
    return this.http.patch<EventInfo>(`/events/${enc(slug)}`, body);
  }
  publish(slug: string) {
    return this.http.post<EventInfo>(`/events/${enc(slug)}/publish`);
  }
  clone(slug: string, body: { slug: string; title: string; startsOn: string }) {
    return this.http.post<EventInfo>(`/events/${enc(slug)}/clone`, body);
  }
  grantStaff(slug: string, userId: string, role: 'organizer' | 'moderator') {
    return this.http.put<unknown>(`/events/${enc(slug)}/staff/${enc(userId)}`, { role });
  }
  revokeStaff(slug: string, userId: string) {
    return this.http.delete<unknown>(`/events/${enc(slug)}/staff/${enc(userId)}`);
  }

  async organizations(): Promise<Organization[]> {
    return items(await this.http.get<Items<Organization>>('/organizations'));
  }
  createOrganization(body: Record<string, unknown>) {
    return this.http.post<Organization>('/organizations', body);
  }
  updateOrganization(id: string, body: Record<string, unknown>) {
    return this.http.patch<Organization>(`/organizations/${enc(id)}`, body);
  }

  async list<T>(slug: string, kind: 'rooms' | 'tracks' | 'speakers' | 'sessions'): Promise<T[]> {
    return items(await this.http.get<Items<T>>(`/events/${enc(slug)}/${kind}`));
  }
  rooms(slug: string) {
    return this.list<Room>(slug, 'rooms');
  }
  tracks(slug: string) {
    return this.list<Track>(slug, 'tracks');
  }
  speakers(slug: string) {
    return this.list<Speaker>(slug, 'speakers');
  }
  sessions(slug: string) {
    return this.list<RawSession>(slug, 'sessions');
  }
  createItem<T>(
    slug: string,
    kind: 'rooms' | 'tracks' | 'speakers' | 'sessions',
    body: Record<string, unknown>,
  ) {
    return this.http.post<T>(`/events/${enc(slug)}/${kind}`, body);
  }
  updateItem<T>(
    slug: string,
    kind: 'rooms' | 'tracks' | 'speakers' | 'sessions',
    id: string,
    body: Record<string, unknown>,
  ) {
    return this.http.patch<T>(`/events/${enc(slug)}/${kind}/${enc(id)}`, body);
  }
  deleteItem(slug: string, kind: 'rooms' | 'tracks' | 'speakers' | 'sessions', id: string) {
    return this.http.delete<unknown>(`/events/${enc(slug)}/${kind}/${enc(id)}`);
  }
  /** The sessions held in one room, in start order (the stage's slate and schedule). */
  async roomSessions(slug: string, roomId: string) {
    return items(
      await this.http.get<Items<RawSession>>(`/events/${enc(slug)}/sessions`, { roomId, limit: '200' }),
    );
  }
  rotateOverlayKey(slug: string, roomId: string) {
    return this.http.post<Room>(`/events/${enc(slug)}/rooms/${enc(roomId)}/overlay-key`);
  }
  overlay(slug: string, roomId: string, key: string) {
    return this.http.get<OverlayState>(`/events/${enc(slug)}/rooms/${enc(roomId)}/overlay`, { key });
  }
  session(slug: string, id: string) {
    return this.http.get<RawSession>(`/events/${enc(slug)}/sessions/${enc(id)}`);
  }
  agenda(slug: string, tz?: string) {
    return this.http.get<AgendaResponse>(`/events/${enc(slug)}/agenda`, { tz });
  }

  registerForEvent(slug: string, answers: Record<string, unknown>) {
    return this.http.post<Registration>(`/events/${enc(slug)}/registrations`, { answers });
  }
  myRegistration(slug: string) {
    return this.http.get<Registration>(`/events/${enc(slug)}/registrations/me`);
  }
  cancelRegistration(slug: string) {
    return this.http.delete<unknown>(`/events/${enc(slug)}/registrations/me`);
  }
  async registrations(slug: string, status?: string): Promise<Registration[]> {
    return items(await this.http.get<Items<Registration>>(`/events/${enc(slug)}/registrations`, { status }));
  }
  registrationsCsv(slug: string) {
    return this.http.getText(`/events/${enc(slug)}/registrations`, { format: 'csv' });
  }
  approveRegistration(slug: string, id: string) {
    return this.http.post<Registration>(`/events/${enc(slug)}/registrations/${enc(id)}/approve`);
  }
  rejectRegistration(slug: string, id: string) {
    return this.http.post<Registration>(`/events/${enc(slug)}/registrations/${enc(id)}/reject`);
  }
  seat(slug: string, sessionId: string) {
    return this.http.get<SeatInfo>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/seat`);
  }
  takeSeat(slug: string, sessionId: string) {
    return this.http.post<SeatInfo>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/seat`);
  }
  releaseSeat(slug: string, sessionId: string) {
    return this.http.delete<unknown>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/seat`);
  }
  bookmark(slug: string, sessionId: string) {
    return this.http.put<unknown>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/bookmark`);
  }
  unbookmark(slug: string, sessionId: string) {
    return this.http.delete<unknown>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/bookmark`);
  }
  myAgenda(tz?: string) {
    return this.http.get<AgendaResponse | Items<RawSession & { eventSlug?: string }>>('/me/agenda', { tz });
  }
  calendar() {
    return this.http.get<{ url: string }>('/me/calendar');
  }
  rotateCalendar() {
    return this.http.post<{ url: string }>('/me/calendar/rotate');
  }
  async notifications(): Promise<Notification[]> {
    return items(await this.http.get<Items<Notification>>('/me/notifications'));
  }

  questionsCsv(slug: string, sessionId: string) {
    return this.http.getText(`/events/${enc(slug)}/sessions/${enc(sessionId)}/questions.csv`);
  }

  // Polls (moderators prepare drafts here and open them live over /live).
  createPoll(slug: string, sessionId: string, body: Record<string, unknown>) {
    return this.http.post<Poll>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/polls`, body);
  }
  /** Changes a draft (POLL_NOT_DRAFT once it was launched). */
  updatePoll(slug: string, sessionId: string, pollId: string, body: Record<string, unknown>) {
    return this.http.patch<Poll>(
      `/events/${enc(slug)}/sessions/${enc(sessionId)}/polls/${enc(pollId)}`,
      body,
    );
  }
  deletePoll(slug: string, sessionId: string, pollId: string) {
    return this.http.delete<void>(`/events/${enc(slug)}/sessions/${enc(sessionId)}/polls/${enc(pollId)}`);
  }
  pollsCsv(slug: string, sessionId: string) {
    return this.http.getText(`/events/${enc(slug)}/sessions/${enc(sessionId)}/polls.csv`);
  }
}
