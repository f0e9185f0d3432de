import type { ChatMessageView } from '../../realtime/contract';
import { h, uid } from '../../ui/dom';
import { button, withBusy } from '../common';
import { liveErrorMessage } from '../live-errors';
import type { ConsoleDeps } from './console-deps';

const MUTE_MINUTES = [5, 15, 60, 1440];

/** The delete, mute and ban buttons the chat panel shows under each message for moderators. */
export function chatModeration(deps: ConsoleDeps, eventSlug: string) {
  const { ctx, live, client, report } = deps;
  return {
    actions(message: ChatMessageView): HTMLElement | null {
      const author = message.author;
      const del: HTMLButtonElement = button(
        ctx.t('mod.delete'),
        () => {
          void withBusy(del, async () => {
            try {
              await client.request('chat:delete', { messageId: message.id });
              live.chat.markDeleted(message.id, message.seq);
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'danger',
        { 'data-action': 'delete', 'aria-label': `${ctx.t('mod.delete')}: ${message.text ?? ''}` },
      );
      del.classList.add('button-small');
      if (!author || author.id === ctx.auth.user()?.id) {
        return h('div', { class: 'mod-actions' }, del);
      }
      const selectId = uid('mute');
      const minutes = h(
        'select',
        { id: selectId, attrs: { 'data-action': 'mute-minutes' } },
        MUTE_MINUTES.map((count) =>
          h('option', { attrs: { value: String(count) } }, ctx.t('mod.minutes', { count })),
        ),
      );
      const mute: HTMLButtonElement = button(
        ctx.t('mod.mute'),
        () => {
          const count = Number(minutes.value);
          void withBusy(mute, async () => {
            try {
              await client.request('moderation:mute', {
                sessionId: live.sessionId,
                userId: author.id,
                minutes: count,
              });
              report('success', ctx.t('mod.muted', { name: author.name, count }));
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'secondary',
        { 'data-action': 'mute' },
      );
      mute.classList.add('button-small');
      const ban: HTMLButtonElement = button(
        ctx.t('mod.ban'),
        () => {
          if (!window.confirm(ctx.t('mod.banConfirm', { name: author.name }))) {
            return;
          }
          void withBusy(ban, async () => {
            try {
              await client.request('moderation:ban', { eventSlug, userId: author.id });
              report('success', ctx.t('mod.banned', { name: author.name }));
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'danger',
        { 'data-action': 'ban' },
      );
      ban.classList.add('button-small');
      return h(
        'div',
        { class: 'mod-actions' },
        del,
        h(
          'span',
          { class: 'mute-form' },
          h(
            'label',
            { class: 'visually-hidden', attrs: { for: selectId } },
            ctx.t('mod.muteFor', { name: author.name }),
          ),
          minutes,
          mute,
        ),
        ban,
      );
    },
  };
}
