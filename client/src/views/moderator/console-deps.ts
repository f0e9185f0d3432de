import type { AppContext } from '../../app-context';
import type { RealtimeClient } from '../../realtime/realtime-client';
import type { LiveSessionStore } from '../../state/live-session.store';

/** What every part of the moderator's console works with: the live session store and its connection. */
export interface ConsoleDeps {
  ctx: AppContext;
  live: LiveSessionStore;
  client: RealtimeClient;
  report: (kind: 'error' | 'success', text: string) => void;
}
