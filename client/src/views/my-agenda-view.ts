import { normalizeSession, emptyIndex } from '../api/normalize';
import type { Notification, RawSession } from '../api/types';
import type { AppContext, View } from '../app-context';
import { formatDateTime, formatDay, formatTimeRange, viewerTimeZone } from '../i18n/format';
import type { MessageKey } from '../i18n/i18n';
import { h, uid } from '../ui/dom';
import {
  alertBox,
  badge,
  button,
  errorMessage,
  errorView,
  messageSlot,
  pageHeader,
  participantLine,
  trackBadge,
  withBusy,
} from './common';
import { groupByDay } from './programme-data';
import { contentLang } from './language-badges';

type MySession = RawSession & { eventSlug?: string; event?: { slug: string; title?: string } };

function sessionLink(session: MySession): string | null {
  const slug = session.eventSlug ?? session.event?.slug;
  return slug ? `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(session.id)}` : null;
}

function calendarPanel(ctx: AppContext): HTMLElement {
  const inputId = uid('cal');
  const input = h('input', { id: inputId, class: 'mono', attrs: { type: 'text', readonly: true } });
  const slot = messageSlot();
  const load = (rotate: boolean) =>
    (rotate ? ctx.api.rotateCalendar() : ctx.api.calendar())
      .then((answer) => {
        input.value = answer.url;
        if (rotate) {
          slot.show('success', ctx.t('me.rotated'));
        }
      })
      .catch((error: unknown) => slot.show('error', errorMessage(ctx, error)));
  const copy = button(
    ctx.t('me.copy'),
    () => {
      input.select();
      const done = () => {
        slot.show('success', ctx.t('me.copied'));
        ctx.announce(ctx.t('me.copied'));
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(done, () => {
          document.execCommand('copy');
          done();
        });
      } else {
        document.execCommand('copy');
        done();
      }
    },
    'primary',
  );
  const rotate = button(ctx.t('me.rotate'), () => void withBusy(rotate, () => load(true)), 'ghost');
  void load(false);
  return h(
    'section',
    { class: 'card calendar-panel', attrs: { 'aria-labelledby': 'calendar-heading' } },
    h('h2', { id: 'calendar-heading', class: 'section-title' }, ctx.t('me.calendar')),
    h('p', { class: 'muted' }, ctx.t('me.calendarHint')),
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: inputId } }, ctx.t('me.calendarUrl')),
      h('div', { class: 'input-row' }, input, copy),
    ),
    h('div', { class: 'form-actions' }, rotate),
    slot.element,
  );
}

function notificationItem(ctx: AppContext, notice: Notification): HTMLElement {
  const title = notice.sessionTitle ?? notice.session?.title ?? notice.title ?? '';
  const slug = notice.eventSlug;
  const sessionId = notice.sessionId ?? notice.session?.id;
  const href =
    slug && sessionId
      ? `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(sessionId)}`
      : null;
  return h(
    'li',
    { class: 'notice' },
    h(
      'p',
      { class: 'notice-title' },
      href ? h('a', { attrs: { href } }, ctx.t('me.change', { title })) : ctx.t('me.change', { title }),
    ),
    notice.summary || notice.message ? h('p', null, notice.summary ?? notice.message) : null,
    h(
      'p',
      { class: 'muted small' },
      h(
        'time',
        { attrs: { datetime: notice.createdAt } },
        formatDateTime(notice.createdAt, ctx.locale, viewerTimeZone()),
      ),
    ),
  );
}

function notificationsPanel(ctx: AppContext): HTMLElement {
  const list = h(
    'div',
    { attrs: { 'aria-live': 'polite' } },
    h('p', { class: 'muted' }, ctx.t('app.loading')),
  );
  ctx.api
    .notifications()
    .then((notices) => {
      list.replaceChildren(
        notices.length === 0
          ? h('p', { class: 'muted' }, ctx.t('me.noNotifications'))
          : h(
              'ul',
              { class: 'notice-list' },
              notices.map((notice) => notificationItem(ctx, notice)),
            ),
      );
    })
    .catch((error: unknown) => list.replaceChildren(alertBox('error', errorMessage(ctx, error))));
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'notices-heading' } },
    h('h2', { id: 'notices-heading', class: 'section-title' }, ctx.t('me.notifications')),
    list,
  );
}

/** The signed-in user's bookmarked sessions and own slots, calendar feed and change notices. */
export const myAgendaView: View = async (ctx) => {
  if (!ctx.auth.user()) {
    return {
      title: ctx.t('me.title'),
      element: h(
        'section',
        { class: 'page narrow' },
        pageHeader(ctx.t('me.title')),
        alertBox('info', ctx.t('me.loginFirst')),
        h('a', { class: 'button button-primary', attrs: { href: '/login?next=%2Fme' } }, ctx.t('nav.login')),
      ),
    };
  }
  try {
    const zone = viewerTimeZone();
    const answer = await ctx.api.myAgenda(zone);
    const days = 'days' in answer ? answer.days : groupByDay(answer.items, zone);
    const index = emptyIndex();
    const list =
      days.length === 0
        ? h('p', { class: 'empty' }, ctx.t('me.empty'))
        : h(
            'div',
            { class: 'my-days' },
            days.map((day) =>
              h(
                'section',
                { class: 'my-day' },
                h('h2', { class: 'day-heading' }, formatDay(day.date, ctx.locale)),
                h(
                  'ul',
                  { class: 'my-sessions' },
                  day.sessions.map((raw: MySession) => {
                    const session = normalizeSession(raw, index);
                    const href = sessionLink(raw);
                    return h(
                      'li',
                      { class: 'session-card' },
                      h(
                        'p',
                        { class: 'session-time' },
                        formatTimeRange(session.startsAt, session.endsAt, ctx.locale, zone),
                      ),
                      h(
                        'h3',
                        { class: 'session-title', attrs: contentLang(session) },
                        href ? h('a', { attrs: { href } }, session.title) : session.title,
                      ),
                      h(
                        'p',
                        { class: 'session-meta' },
                        badge(ctx.t(`kind.${session.kind}` as MessageKey), 'kind'),
                        session.cancelled ? badge(ctx.t('status.cancelled'), 'cancelled') : null,
                        trackBadge(session.track),
                        session.room ? h('span', { class: 'session-room' }, session.room.name) : null,
                      ),
                      session.participants.length > 0
                        ? h(
                            'ul',
                            { class: 'session-people' },
                            session.participants.map((p) => h('li', null, participantLine(ctx, p))),
                          )
                        : null,
                    );
                  }),
                ),
              ),
            ),
          );
    return {
      title: ctx.t('me.title'),
      element: h(
        'div',
        { class: 'page my-agenda' },
        pageHeader(ctx.t('me.title')),
        h(
          'div',
          { class: 'two-column' },
          h('div', { class: 'column-main' }, list),
          h('div', { class: 'column-side' }, calendarPanel(ctx), notificationsPanel(ctx)),
        ),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
