import type { AppContext } from '../../app-context';
import type { RealtimeClient } from '../../realtime/realtime-client';
import type { LiveSessionStore } from '../../state/live-session.store';
import { pollPanel } from './poll-panel';
import { reactionBar, reactionLayer } from './reaction-bar';

/**
 * The session page's polls and reactions, loaded after the room is joined (a chunk of its own): the poll
 * panel goes first in the live area, the reaction bar under it, and bursts float over `stage`.
 */
export function mountSessionPolls(
  ctx: AppContext,
  live: LiveSessionStore,
  client: RealtimeClient,
  area: HTMLElement,
  stage: HTMLElement | null,
): void {
  area.prepend(pollPanel(ctx, live, client), reactionBar(ctx, client, live.sessionId));
  if (stage) {
    const layer = reactionLayer();
    stage.classList.add('reaction-stage');
    stage.append(layer.element);
    ctx.onDispose(
      live.reactions.subscribe((burst) => {
        if (burst) {
          layer.show(burst);
        }
      }),
    );
  }
}
