import type { Session } from '../../api/types';

/** What is on in a room at `now`, and what comes next (cancelled sessions are neither). */
export function nowAndNext(
  sessions: readonly Session[],
  now: number,
): { current: Session | null; next: Session | null } {
  const held = sessions
    .filter((session) => !session.cancelled && session.kind !== 'break')
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const current =
    held.find((session) => session.liveStatus === 'live') ??
    held.find(
      (session) =>
        session.liveStatus !== 'ended' &&
        Date.parse(session.startsAt) <= now &&
        now < Date.parse(session.endsAt),
    ) ??
    null;
  const next = held.find((session) => session !== current && Date.parse(session.startsAt) > now) ?? null;
  return { current, next };
}
