import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import type { ReactionBurstPayload, ReactionEmoji } from '../../realtime/contract';
import type { RealtimeClient } from '../../realtime/realtime-client';
import { h } from '../../ui/dom';
import { liveErrorMessage } from '../live-errors';

const EMOJI: ReadonlyArray<[ReactionEmoji, MessageKey]> = [
  ['👏', 'reaction.clap'],
  ['❤️', 'reaction.heart'],
  ['😂', 'reaction.laugh'],
  ['😮', 'reaction.wow'],
  ['👍', 'reaction.thumbs'],
  ['🎉', 'reaction.party'],
];
/** Floating emoji shown per burst at most (a full room sends thousands; the screen needs a handful). */
const MAX_FLOATING = 24;

/** The six reaction buttons; a refused reaction (2 a second at most) is said once, politely. */
export function reactionBar(ctx: AppContext, client: RealtimeClient, sessionId: string): HTMLElement {
  const status = h('span', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  const buttons = EMOJI.map(([emoji, key]) => {
    const label = ctx.t('reaction.send', { emoji: ctx.t(key) });
    return h(
      'button',
      {
        class: 'reaction-button',
        attrs: { type: 'button', 'aria-label': label, title: label },
        on: {
          click: () => {
            client.request('reaction:send', { sessionId, emoji }).catch((error: unknown) => {
              status.textContent = liveErrorMessage(ctx, error);
            });
          },
        },
      },
      h('span', { attrs: { 'aria-hidden': 'true' } }, emoji),
    );
  });
  return h(
    'div',
    { class: 'reaction-bar', attrs: { role: 'group', 'aria-label': ctx.t('reaction.bar') } },
    buttons,
    status,
  );
}

/**
 * The layer over the stage where bursts float up. It takes no pointer events and is hidden from assistive
 * technology (it only repeats what the room feels). With reduced motion the emoji stay still and go after a few seconds.
 */
export function reactionLayer(): { element: HTMLElement; show: (burst: ReactionBurstPayload) => void } {
  const element = h('div', { class: 'reaction-layer', attrs: { 'aria-hidden': 'true' } });
  const show = (burst: ReactionBurstPayload) => {
    const entries: Array<[string, number]> = [];
    for (const [emoji, count] of Object.entries(burst.counts)) {
      if (count && count > 0) {
        entries.push([emoji, count]);
      }
    }
    const total = entries.reduce((sum, [, count]) => sum + count, 0);
    let shown = 0;
    for (const [emoji, count] of entries) {
      // Each emoji gets its share of the floating ones, at least one.
      const floats = Math.max(1, Math.round((count / total) * Math.min(MAX_FLOATING, total)));
      for (let index = 0; index < floats && shown < MAX_FLOATING; index++, shown++) {
        const item = h(
          'span',
          {
            class: 'reaction-float',
            vars: { '--x': `${5 + Math.random() * 90}%`, '--delay': `${Math.random() * 600}ms` },
          },
          emoji,
        );
        item.addEventListener('animationend', () => item.remove());
        // Without animations (reduced motion, or none supported) the emoji still go after a while.
        setTimeout(() => item.remove(), 3000);
        element.append(item);
      }
    }
  };
  return { element, show };
}
