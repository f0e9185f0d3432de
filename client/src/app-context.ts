import type { HttpClient } from './api/http-client';
import type { PlenaryApi } from './api/plenary-api';
import type { Locale, Translate } from './i18n/i18n';
import type { AuthStore } from './state/auth.store';

/** What every view gets: the API, the signed-in user, the language, and navigation. */
export interface AppContext {
  readonly api: PlenaryApi;
  readonly http: HttpClient;
  readonly auth: AuthStore;
  readonly locale: Locale;
  readonly t: Translate;
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Reads a message to screen-reader users (polite live region). */
  announce(text: string): void;
  /** Registers cleanup for when the view is left. */
  onDispose(cleanup: () => void): void;
}

export interface ViewResult {
  title: string;
  element: HTMLElement;
}

export type View = (
  ctx: AppContext,
  params: Record<string, string>,
  query: URLSearchParams,
) => Promise<ViewResult>;
