import { createStore, type Store } from './store';

/** How many people are connected to a session (coalesced by the server). */
export function createPresenceStore(): Store<number> {
  return createStore(0);
}
