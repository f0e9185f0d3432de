import type { AuthResponse, User } from '../api/types';
import { createStore, type Store } from './store';

export const TOKEN_STORAGE_KEY = 'plenary.token';
export const USER_STORAGE_KEY = 'plenary.user';

export interface AuthState {
  token: string | null;
  user: User | null;
}

export interface AuthStore {
  readonly state: Store<AuthState>;
  token(): string | null;
  user(): User | null;
  signIn(response: AuthResponse): void;
  signOut(): void;
}

function readUser(storage: Storage | null): User | null {
  try {
    const raw = storage?.getItem(USER_STORAGE_KEY);
    if (!raw) {
      return null;
    }
    const parsed = JSON.parse(raw) as Partial<User>;
    return typeof parsed.id === 'string' && typeof parsed.name === 'string'
      ? { id: parsed.id, name: parsed.name, email: String(parsed.email ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** The signed-in user and their bearer token, kept in localStorage so a reload stays signed in. */
export function createAuthStore(storage: Storage | null): AuthStore {
  const token = storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  const user = token ? readUser(storage) : null;
  const state = createStore<AuthState>({ token: user ? token : null, user });
  return {
    state,
    token: () => state.get().token,
    user: () => state.get().user,
    signIn(response) {
      try {
        storage?.setItem(TOKEN_STORAGE_KEY, response.accessToken);
        storage?.setItem(USER_STORAGE_KEY, JSON.stringify(response.user));
      } catch {
        // Private browsing may refuse storage: the session then lasts until the tab closes.
      }
      state.set({ token: response.accessToken, user: response.user });
    },
    signOut() {
      try {
        storage?.removeItem(TOKEN_STORAGE_KEY);
        storage?.removeItem(USER_STORAGE_KEY);
      } catch {
        // Nothing to clean up when storage is unavailable.
      }
      state.set({ token: null, user: null });
    },
  };
}
