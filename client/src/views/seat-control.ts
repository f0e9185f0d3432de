import type { SeatInfo } from '../api/types';
import type { AppContext } from '../app-context';
import type { Translate } from '../i18n/i18n';
import { h } from '../ui/dom';
import { button, errorMessage, withBusy } from './common';

/** The sentence describing the caller's seat (status, waitlist place, how full the session is). */
export function seatStatusText(t: Translate, seat: SeatInfo | null, capacity: number): string {
  if (!seat) {
    return t('session.seats', { capacity });
  }
  const parts: string[] = [];
  if (seat.status === 'confirmed') {
    parts.push(t('session.seatConfirmed'));
  } else if (seat.status === 'waitlisted') {
    parts.push(t('session.seatWaitlisted', { position: seat.position ?? '?' }));
  } else {
    parts.push(t('session.seatNone'));
  }
  if (typeof seat.taken === 'number') {
    parts.push(t('session.seatTaken', { taken: seat.taken, capacity: seat.capacity ?? capacity }));
  }
  return parts.join(' ');
}

/** "Reserve a seat" / "Release my seat" with the current status, for sessions with a capacity. */
export function seatControl(
  ctx: AppContext,
  slug: string,
  sessionId: string,
  capacity: number,
): HTMLElement[] {
  let seat: SeatInfo | null = null;
  const note = h(
    'span',
    { class: 'muted seat-status', attrs: { role: 'status' } },
    seatStatusText(ctx.t, null, capacity),
  );
  const held = () => seat !== null && (seat.status === 'confirmed' || seat.status === 'waitlisted');
  const render = (message?: string) => {
    toggle.textContent = held() ? ctx.t('session.releaseSeat') : ctx.t('session.takeSeat');
    toggle.classList.toggle('button-danger', held());
    toggle.classList.toggle('button-secondary', !held());
    note.textContent = message ?? seatStatusText(ctx.t, seat, capacity);
  };
  const toggle = button(ctx.t('session.takeSeat'), () => {
    void withBusy(toggle, async () => {
      try {
        if (held()) {
          await ctx.api.releaseSeat(slug, sessionId);
          seat = await ctx.api.seat(slug, sessionId).catch(() => ({ status: 'none' as const }));
          render(ctx.t('session.seatReleased'));
        } else {
          seat = await ctx.api.takeSeat(slug, sessionId);
          render();
        }
      } catch (error) {
        render(errorMessage(ctx, error));
      }
    });
  });
  void ctx.api.seat(slug, sessionId).then(
    (answer) => {
      seat = answer;
      render();
    },
    () => undefined,
  );
  return [toggle, note];
}
