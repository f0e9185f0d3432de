import { emptyIndex, normalizeSession } from '../api/normalize';
import type { EventInfo, Participant, Session } from '../api/types';
import type { AppContext, View } from '../app-context';
import { formatDay, formatTimeRange, localDateOf, viewerTimeZone, zoneCity } from '../i18n/format';
import type { MessageKey } from '../i18n/i18n';
import { RealtimeError } from '../realtime/realtime-client';
import type { LiveSession } from '../realtime/contract';
import { h } from '../ui/dom';
import { chatPanel } from './chat-panel';
import {
  alertBox,
  badge,
  button,
  errorMessage,
  errorView,
  organizationLabel,
  roleLabel,
  trackBadge,
  withBusy,
} from './common';
import { contentLang, languageBadges } from './language-badges';
import { loadBookmarks } from './event-view';
import { declarationCounter } from './declarations/declaration-counter';
import { connectionIndicator, openLiveSession, presenceIndicator } from './live-connection';
import { qaPanel } from './qa-panel';
import { recordingsSection } from './recordings';
import { seatControl } from './seat-control';
import { stageSection } from './stage/stage';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (
    parts.length > 1 ? `${parts[0][0]}${parts[parts.length - 1][0]}` : (parts[0]?.slice(0, 2) ?? '?')
  ).toUpperCase();
}

function personItem(ctx: AppContext, participant: Participant): HTMLElement {
  return h(
    'li',
    { class: 'person' },
    h('span', { class: 'person-initials', attrs: { 'aria-hidden': 'true' } }, initials(participant.name)),
    h(
      'div',
      null,
      h('p', { class: 'person-name' }, participant.name),
      h('p', { class: 'person-detail' }, h('strong', null, roleLabel(ctx, participant.role))),
      participant.position ? h('p', { class: 'person-detail' }, participant.position) : null,
      participant.organization
        ? h('p', { class: 'person-detail' }, organizationLabel(participant.organization))
        : null,
    ),
  );
}

export function sessionStatusBadge(
  ctx: AppContext,
  session: { cancelled: boolean; liveStatus: string },
): HTMLElement | null {
  if (session.cancelled) {
    return badge(ctx.t('status.cancelled'), 'cancelled');
  }
  if (session.liveStatus === 'live') {
    return badge(ctx.t('status.live'), 'live');
  }
  if (session.liveStatus === 'ended') {
    return badge(ctx.t('status.ended'), 'ended');
  }
  return null;
}

function sessionHeader(
  ctx: AppContext,
  event: EventInfo,
  session: Session,
  extra: HTMLElement[],
): HTMLElement {
  const zone = viewerTimeZone();
  const eventTime =
    zone === event.timezone
      ? null
      : h(
          'span',
          { class: 'muted' },
          `${formatTimeRange(session.startsAt, session.endsAt, ctx.locale, event.timezone)} ${zoneCity(event.timezone)}`,
        );
  const status = h('span', { class: 'status-slot' }, sessionStatusBadge(ctx, session));
  return h(
    'header',
    { class: 'session-header' },
    h(
      'p',
      { class: 'breadcrumb' },
      h('a', { attrs: { href: `/events/${encodeURIComponent(event.slug)}` } }, `← ${event.title}`),
    ),
    h(
      'p',
      { class: 'session-meta' },
      badge(ctx.t(`kind.${session.kind}` as MessageKey), 'kind'),
      status,
      trackBadge(session.track),
    ),
    h('h1', { attrs: { tabindex: '-1', ...contentLang(session) } }, session.title),
    h(
      'p',
      { class: 'session-facts' },
      h(
        'span',
        null,
        h(
          'time',
          { attrs: { datetime: session.startsAt } },
          `${formatDay(localDateOf(session.startsAt, zone), ctx.locale)}, ${formatTimeRange(session.startsAt, session.endsAt, ctx.locale, zone)}`,
        ),
      ),
      eventTime,
      session.room
        ? h(
            'span',
            null,
            `${ctx.t('session.room')}: `,
            h('span', { class: 'room-name', attrs: contentLang(session.room) }, session.room.name),
          )
        : null,
      session.language || session.interpretation.length > 0
        ? h('span', null, `${ctx.t('session.language')}: `, languageBadges(ctx, session))
        : null,
    ),
    extra.length > 0 ? h('div', { class: 'session-actions' }, extra) : null,
  );
}

function liveArea(ctx: AppContext, event: EventInfo, session: Session): HTMLElement {
  const area = h('div', { class: 'live-area' });
  const user = ctx.auth.user();
  if (!user) {
    const next = encodeURIComponent(location.pathname);
    area.append(
      h(
        'div',
        { class: 'card join-note' },
        h('p', null, ctx.t('session.loginToJoin')),
        h(
          'div',
          { class: 'form-actions' },
          h(
            'a',
            { class: 'button button-primary', attrs: { href: `/login?next=${next}` } },
            ctx.t('nav.login'),
          ),
          h(
            'a',
            { class: 'button button-secondary', attrs: { href: `/signup?next=${next}` } },
            ctx.t('nav.signup'),
          ),
        ),
      ),
    );
    return area;
  }
  area.append(h('p', { class: 'muted' }, ctx.t('conn.connecting')));
  openLiveSession(ctx, session.id)
    .then(({ client, live }) => {
      area.replaceChildren(
        h('div', { class: 'live-bar' }, connectionIndicator(ctx, client), presenceIndicator(ctx, live)),
        declarationCounter(ctx, event.slug, client),
        qaPanel(ctx, live, client),
        chatPanel(ctx, live, client),
      );
      // Polls and reactions load as their own chunk; the poll panel then goes first in the live area.
      const stage = document.querySelector<HTMLElement>('.session-main');
      void import('./polls/session-polls')
        .then(({ mountSessionPolls }) => {
          const bar = area.querySelector('.live-bar');
          const slot = h('div', { class: 'live-polls' });
          bar?.after(slot);
          mountSessionPolls(ctx, live, client, slot, stage);
        })
        .catch(() => area.append(alertBox('error', ctx.t('apiError.unknown'))));
      // Status changes (went live, ended) show in the header badge; edited texts in place, in the UI
      // language (the store already picked it from the update's translations).
      ctx.onDispose(
        live.session.subscribe((current) => {
          const slot = document.querySelector('.session-header .status-slot');
          if (current && slot) {
            slot.replaceChildren(
              sessionStatusBadge(ctx, {
                cancelled: current.status === 'cancelled',
                liveStatus: current.liveStatus,
              }) ?? '',
            );
          }
          if (current) {
            showTexts(current);
          }
        }),
      );
    })
    .catch((error: unknown) => {
      const code = error instanceof RealtimeError ? error.code : '';
      if (code === 'NOT_REGISTERED' || code === 'FORBIDDEN') {
        area.replaceChildren(
          h(
            'div',
            { class: 'card join-note' },
            h('p', null, ctx.t('session.registerToJoin')),
            h(
              'a',
              {
                class: 'button button-primary',
                attrs: { href: `/events/${encodeURIComponent(event.slug)}/register` },
              },
              ctx.t('event.register'),
            ),
          ),
        );
      } else if (code === 'BANNED') {
        area.replaceChildren(alertBox('error', ctx.t('session.banned')));
      } else {
        area.replaceChildren(alertBox('error', errorMessage(ctx, error)));
      }
    });
  return area;
}

/** Puts a live session's title, room name and abstract into the page, each marked with its language. */
function showTexts(session: LiveSession): void {
  const put = (element: Element | null, text: unknown, lang: unknown): void => {
    if (element && typeof text === 'string') {
      element.textContent = text;
      if (typeof lang === 'string') {
        element.setAttribute('lang', lang);
      }
    }
  };
  put(document.querySelector('.session-header h1'), session.title, session.lang);
  const room = session['room'] as { name?: unknown; lang?: unknown } | null | undefined;
  put(document.querySelector('.session-header .room-name'), room?.name, room?.lang);
  put(document.querySelector('.session-main .abstract'), session['abstract'], session.lang);
}

/** A session: what it is, who speaks, the stream, and the live chat and Q&A. */
export const sessionView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  const sessionId = params['id'] ?? '';
  try {
    const [event, raw, bookmarks] = await Promise.all([
      ctx.api.event(slug),
      ctx.api.session(slug, sessionId),
      loadBookmarks(ctx),
    ]);
    const session = normalizeSession(raw, emptyIndex());
    const actions: HTMLElement[] = [];
    if (ctx.auth.user() && session.kind !== 'break') {
      let on = bookmarks.has(session.id);
      const label = () => (on ? `★ ${ctx.t('agenda.bookmarked')}` : `☆ ${ctx.t('agenda.bookmark')}`);
      const toggle = button(
        label(),
        () => {
          void withBusy(toggle, async () => {
            try {
              await (on ? ctx.api.unbookmark(slug, session.id) : ctx.api.bookmark(slug, session.id));
              on = !on;
              toggle.textContent = label();
              toggle.setAttribute('aria-pressed', String(on));
            } catch (error) {
              ctx.announce(errorMessage(ctx, error));
            }
          });
        },
        'secondary',
        { 'aria-pressed': String(on) },
      );
      actions.push(toggle);
      if (session.capacity) {
        actions.push(...seatControl(ctx, slug, session.id, session.capacity));
      }
    }
    if (event.role === 'moderator' || event.role === 'organizer') {
      actions.push(
        h(
          'a',
          {
            class: 'button button-secondary',
            attrs: {
              href: `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(session.id)}/moderate`,
            },
          },
          ctx.t('session.moderate'),
        ),
      );
    }
    const people = session.participants;
    const main = h(
      'div',
      { class: 'session-main' },
      session.stream || session.room ? stageSection(ctx, slug, session) : null,
      recordingsSection(ctx, session),
      session.abstract
        ? h(
            'section',
            { class: 'card', attrs: { 'aria-labelledby': 'abstract-heading' } },
            h('h2', { id: 'abstract-heading', class: 'section-title' }, ctx.t('session.abstract')),
            h('p', { class: 'abstract' }, session.abstract),
          )
        : null,
      people.length > 0
        ? h(
            'section',
            { class: 'card', attrs: { 'aria-labelledby': 'people-heading' } },
            h('h2', { id: 'people-heading', class: 'section-title' }, ctx.t('session.participants')),
            h(
              'ul',
              { class: 'people-list' },
              people.map((p) => personItem(ctx, p)),
            ),
          )
        : null,
    );
    const live = session.kind === 'break' ? null : liveArea(ctx, event, session);
    return {
      title: session.title,
      element: h(
        'article',
        { class: 'page session-page' },
        sessionHeader(ctx, event, session, actions),
        h(
          'div',
          { class: live ? 'session-layout' : '' },
          main,
          live
            ? h('aside', { class: 'session-side', attrs: { 'aria-label': ctx.t('session.liveArea') } }, live)
            : null,
        ),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
