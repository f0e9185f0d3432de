import type { AppContext } from '../app-context';
import { formatTime, viewerTimeZone } from '../i18n/format';
import { newClientId } from '../realtime/client-id';
import type { ChatMessageView } from '../realtime/contract';
import { RealtimeError, type RealtimeClient } from '../realtime/realtime-client';
import type { LiveSessionStore } from '../state/live-session.store';
import { h, uid } from '../ui/dom';
import { KeyedList } from '../ui/keyed-list';
import { liveErrorMessage } from './live-errors';

export interface ChatModeration {
  /** Extra controls for a message (delete, mute, ban) in the moderator console. */
  actions(message: ChatMessageView): HTMLElement | null;
}

/** The live chat of a session: a log that announces new messages, and a send form. */
export function chatPanel(
  ctx: AppContext,
  live: LiveSessionStore,
  client: RealtimeClient,
  moderation?: ChatModeration,
): HTMLElement {
  const userId = ctx.auth.user()?.id ?? null;
  const zone = viewerTimeZone();
  const headingId = uid('chat-heading');
  const listElement = h('ol', { class: 'chat-list' });
  const log = h(
    'div',
    {
      class: 'chat-log',
      attrs: {
        role: 'log',
        'aria-live': 'polite',
        'aria-relevant': 'additions',
        'aria-labelledby': headingId,
        tabindex: '0',
      },
    },
    listElement,
  );
  const empty = h('p', { class: 'panel-note panel-body' }, ctx.t('chat.empty'));
  const list = new KeyedList<ChatMessageView>(listElement, {
    key: (message) => message.id,
    signature: (message) => `${message.seq}:${message.deleted ? 'd' : ''}`,
    render: (message) => {
      const mine = message.author?.id === userId && userId !== null;
      return h(
        'li',
        { class: ['chat-message', mine ? 'is-mine' : '', message.deleted ? 'is-deleted' : ''] },
        message.deleted
          ? h('span', { class: 'chat-text' }, ctx.t('chat.deleted'))
          : [
              h(
                'span',
                { class: 'chat-author' },
                mine ? `${message.author?.name ?? ''} (${ctx.t('chat.you')})` : (message.author?.name ?? ''),
              ),
              h(
                'time',
                { class: 'chat-time', attrs: { datetime: message.createdAt } },
                formatTime(message.createdAt, ctx.locale, zone),
              ),
              h('div', { class: 'chat-text' }, message.text ?? ''),
            ],
        moderation && !message.deleted ? moderation.actions(message) : null,
      );
    },
  });

  const inputId = uid('chat-input');
  const input = h('input', {
    id: inputId,
    attrs: { type: 'text', name: 'text', maxlength: 1000, autocomplete: 'off', required: true },
  });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  const sendButton = h(
    'button',
    { class: 'button button-primary', attrs: { type: 'submit' } },
    ctx.t('chat.send'),
  );
  let pending: { text: string; clientId: string } | null = null;
  const form = h(
    'form',
    { class: 'chat-form' },
    h('div', { class: 'field' }, h('label', { attrs: { for: inputId } }, ctx.t('chat.label')), input, error),
    sendButton,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    // A retry of the same text reuses its clientId, so a send that did arrive is not posted twice.
    if (!pending || pending.text !== text) {
      pending = { text, clientId: newClientId() };
    }
    const attempt = pending;
    error.replaceChildren();
    sendButton.disabled = true;
    client
      .request('chat:send', { sessionId: live.sessionId, text, clientId: attempt.clientId })
      .then(({ message }) => {
        live.chat.upsert(message);
        if (pending === attempt) {
          pending = null;
          input.value = '';
        }
        scrollToEnd(true);
      })
      .catch((failure: unknown) => {
        error.replaceChildren(liveErrorMessage(ctx, failure));
        if (failure instanceof RealtimeError && failure.code !== 'TIMEOUT') {
          pending = null;
        }
      })
      .finally(() => {
        sendButton.disabled = false;
        input.focus();
      });
  });

  function scrollToEnd(force: boolean): void {
    const nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (force || nearEnd) {
      log.scrollTop = log.scrollHeight;
    }
  }

  const closedNote = h('p', { class: 'panel-note panel-body' });
  const render = () => {
    const messages = live.chat.messages.get();
    const wasNearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    list.update(messages);
    empty.hidden = messages.length > 0;
    if (wasNearEnd) {
      log.scrollTop = log.scrollHeight;
    }
  };
  const renderOpen = () => {
    const session = live.session.get();
    const muted = live.mutedUntil.get();
    const ended = session?.liveStatus === 'ended';
    const closed = session ? !session.chatEnabled || ended : false;
    const blocked = closed || (muted !== null && Date.parse(muted) > Date.now());
    form.hidden = closed && !moderation;
    input.disabled = blocked && !moderation;
    sendButton.disabled = blocked && !moderation;
    closedNote.textContent = closed ? ctx.t('chat.closed') : blocked ? ctx.t('chat.muted') : '';
    closedNote.hidden = !closedNote.textContent;
  };
  const unsubscribes = [
    live.chat.messages.subscribe(render),
    live.session.subscribe(renderOpen),
    live.mutedUntil.subscribe(renderOpen),
  ];
  ctx.onDispose(() => unsubscribes.forEach((unsubscribe) => unsubscribe()));
  render();
  renderOpen();

  return h(
    'section',
    { class: 'panel chat-panel', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, ctx.t('chat.title'))),
    empty,
    log,
    closedNote,
    form,
  );
}
