import type { AppContext } from '../app-context';
import { connectLive } from '../realtime/connect';
import type { JoinSessionResult } from '../realtime/contract';
import type { ConnectionState, RealtimeClient } from '../realtime/realtime-client';
import { LiveSessionStore } from '../state/live-session.store';
import { h } from '../ui/dom';
import type { MessageKey } from '../i18n/i18n';

export interface LiveConnection {
  client: RealtimeClient;
  live: LiveSessionStore;
  joined: JoinSessionResult;
}

/** Connects to /live, joins the session and ties both to the view's lifetime. */
export async function openLiveSession(ctx: AppContext, sessionId: string): Promise<LiveConnection> {
  const token = ctx.auth.token();
  if (!token) {
    throw new Error('UNAUTHENTICATED');
  }
  const client = connectLive(token, location.origin, ctx.locale);
  const live = new LiveSessionStore(
    sessionId,
    ctx.auth.user()?.id ?? null,
    {
      onQuestion: (text) => ctx.announce(ctx.t('qa.newQuestion', { text })),
      onBanned: () => ctx.announce(ctx.t('session.banned')),
      onPollOpened: (question) => ctx.announce(ctx.t('poll.opened', { question })),
      onPollClosed: (question) => ctx.announce(ctx.t('poll.closedNotice', { question })),
    },
    ctx.locale,
  );
  ctx.onDispose(() => {
    live.close(client);
    client.close();
  });
  try {
    const joined = await live.connect(client);
    return { client, live, joined };
  } catch (error) {
    live.close(client);
    client.close();
    throw error;
  }
}

const STATE_KEYS: Record<ConnectionState, MessageKey> = {
  connecting: 'conn.connecting',
  connected: 'conn.connected',
  reconnecting: 'conn.reconnecting',
  offline: 'conn.offline',
  unauthorized: 'conn.unauthorized',
};

/** The connection state, announced politely when it changes. */
export function connectionIndicator(ctx: AppContext, client: RealtimeClient): HTMLElement {
  const element = h('span', { class: 'conn', attrs: { role: 'status', 'aria-live': 'polite' } });
  const render = (state: ConnectionState) => {
    element.className = `conn conn-${state}`;
    element.textContent = ctx.t(STATE_KEYS[state]);
  };
  render(client.state.get());
  ctx.onDispose(client.state.subscribe(render));
  return element;
}

export function presenceIndicator(ctx: AppContext, live: LiveSessionStore): HTMLElement {
  const element = h('span', { class: 'presence' });
  const render = (count: number) => {
    element.textContent = ctx.t('session.presence', { count });
  };
  render(live.presence.get());
  ctx.onDispose(live.presence.subscribe(render));
  return element;
}
