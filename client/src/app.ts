import { HttpClient } from './api/http-client';
import { PlenaryApi } from './api/plenary-api';
import type { AppContext, View } from './app-context';
import { initialLocale, loadTranslator, LOCALE_STORAGE_KEY, type Locale, type Translate } from './i18n/i18n';
import { isRouterLink, matchRoute } from './router';
import { createAuthStore, type AuthStore } from './state/auth.store';
import { h, requireElement } from './ui/dom';
import { authView } from './views/auth-routes';
import { errorView } from './views/common';
import { eventView } from './views/event-view';
import { eventsView } from './views/events-view';
import { myAgendaView } from './views/my-agenda-view';
import { registrationView } from './views/registration-view';
import { renderHeader } from './views/shell';

interface Route {
  pattern: string;
  load: () => Promise<View>;
}

const eager = (view: View) => () => Promise.resolve(view);

// The session room (with socket.io-client) and the consoles load on demand: the attendee's first page
// stays small.
const ROUTES: Route[] = [
  { pattern: '/', load: eager(eventsView) },
  { pattern: '/login', load: eager(authView('login')) },
  { pattern: '/signup', load: eager(authView('signup')) },
  { pattern: '/me', load: eager(myAgendaView) },
  // Accounts (issue 15): loaded on demand, off the first page's bundle.
  { pattern: '/account', load: () => import('./views/account-view').then((m) => m.accountView) },
  {
    pattern: '/forgot-password',
    load: () => import('./views/password-views').then((m) => m.forgotPasswordView),
  },
  {
    pattern: '/reset-password',
    load: () => import('./views/password-views').then((m) => m.resetPasswordView),
  },
  {
    pattern: '/events/new',
    load: () => import('./views/organizer/create-event-view').then((m) => m.createEventView),
  },
  { pattern: '/events/:slug', load: eager(eventView) },
  { pattern: '/events/:slug/register', load: eager(registrationView) },
  {
    pattern: '/events/:slug/sessions/:id',
    load: () => import('./views/session-view').then((m) => m.sessionView),
  },
  {
    pattern: '/events/:slug/sessions/:id/moderate',
    load: () => import('./views/moderator-view').then((m) => m.moderatorView),
  },
  // After the meeting (issue 16): the printable report and the public certificate check.
  {
    pattern: '/events/:slug/report',
    load: () => import('./views/analytics/report-view').then((m) => m.reportView),
  },
  {
    pattern: '/certificates/:code',
    load: () => import('./views/analytics/certificate-view').then((m) => m.certificateView),
  },
  {
    pattern: '/events/:slug/declarations/:id',
    load: () => import('./views/declarations/declaration-view').then((m) => m.declarationView),
  },
  {
    pattern: '/events/:slug/manage',
    load: () => import('./views/organizer/organizer-view').then((m) => m.organizerView),
  },
  {
    pattern: '/events/:slug/manage/:section',
    load: () => import('./views/organizer/organizer-view').then((m) => m.organizerView),
  },
];

/** Owns the page: header, the current view, navigation, language and sign-in state. */
export class App {
  private locale: Locale;
  private readonly auth: AuthStore;
  private readonly http: HttpClient;
  private readonly api: PlenaryApi;
  private readonly header: HTMLElement;
  private readonly main: HTMLElement;
  private readonly announcer: HTMLElement;
  private disposers: (() => void)[] = [];
  private renderToken = 0;

  private readonly doc: Document;

  constructor(doc: Document) {
    this.doc = doc;
    this.locale = initialLocale(safeStorage(), navigator.languages ?? [navigator.language]);
    // Fetched while the rest starts up: the first render waits for it.
    void loadTranslator(this.locale);
    this.auth = createAuthStore(safeStorage());
    this.http = new HttpClient({
      getToken: () => this.auth.token(),
      getLanguage: () => this.locale,
      onUnauthenticated: () => this.auth.signOut(),
    });
    this.api = new PlenaryApi(this.http);
    this.header = requireElement('#site-header', HTMLElement, doc);
    this.main = requireElement('#main', HTMLElement, doc);
    this.announcer = requireElement('#announcer', HTMLElement, doc);
  }

  start(): void {
    this.doc.addEventListener('click', (event) => {
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (anchor instanceof HTMLAnchorElement && isRouterLink(event, anchor, location.origin)) {
        const url = new URL(anchor.href);
        if (url.pathname === location.pathname && url.search === location.search && url.hash) {
          return;
        }
        event.preventDefault();
        this.navigate(url.pathname + url.search + url.hash);
      }
    });
    window.addEventListener('popstate', () => void this.render(false));
    let signedIn = this.auth.user() !== null;
    this.auth.state.subscribe((state) => {
      const now = state.user !== null;
      if (now !== signedIn) {
        signedIn = now;
        void this.render(false);
      }
    });
    void this.render(false);
  }

  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace) {
      history.replaceState(null, '', path);
    } else {
      history.pushState(null, '', path);
    }
    void this.render(true);
  }

  private context(t: Translate): AppContext {
    return {
      api: this.api,
      http: this.http,
      auth: this.auth,
      locale: this.locale,
      t,
      navigate: (path, options) => this.navigate(path, options),
      announce: (text) => this.announce(text),
      onDispose: (cleanup) => this.disposers.push(cleanup),
    };
  }

  private announce(text: string): void {
    // Clearing first makes screen readers repeat an identical message.
    this.announcer.textContent = '';
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }

  private setLocale(locale: Locale): void {
    this.locale = locale;
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // The choice then lasts for this page only.
    }
    void this.render(false);
  }

  private dispose(): void {
    const disposers = this.disposers;
    this.disposers = [];
    for (const cleanup of disposers) {
      try {
        cleanup();
      } catch {
        // A failing cleanup must not block the next view.
      }
    }
  }

  /** Signs the token out on the server (every node refuses it from now on), then forgets it here. */
  private async logout(message: string): Promise<void> {
    try {
      await this.http.post<void>('/auth/logout');
    } catch {
      // Already refused or unreachable: forgetting the token is all that is left to do.
    }
    this.auth.signOut();
    this.announce(message);
  }

  private async render(moveFocus: boolean): Promise<void> {
    const token = ++this.renderToken;
    // Another language's catalogue is fetched on demand: the page re-renders once it is here.
    const t = await loadTranslator(this.locale);
    if (token !== this.renderToken) {
      return;
    }
    this.dispose();
    const ctx = this.context(t);
    this.doc.documentElement.lang = this.locale;
    const path = location.pathname;
    this.header.replaceChildren(
      renderHeader(
        ctx,
        path + location.search,
        (locale) => this.setLocale(locale),
        () => void this.logout(ctx.t('auth.loggedOut')),
      ),
    );
    requireElement('.skip-link', HTMLAnchorElement, this.doc).textContent = ctx.t('app.skip');
    requireElement('#site-footer', HTMLElement, this.doc).replaceChildren(h('p', null, ctx.t('app.footer')));
    this.main.setAttribute('aria-busy', 'true');
    const match = matchRoute(ROUTES, path);
    let result;
    try {
      if (!match) {
        result = errorView(ctx, Object.assign(new Error(ctx.t('error.notFound')), { status: 404 }));
      } else {
        const view = await match.route.load();
        result = await view(ctx, match.params, new URLSearchParams(location.search));
      }
    } catch (error) {
      result = errorView(ctx, error);
    }
    if (token !== this.renderToken) {
      return;
    }
    this.main.replaceChildren(result.element);
    this.main.removeAttribute('aria-busy');
    this.doc.title = `${result.title} · ${ctx.t('app.name')}`;
    if (location.hash) {
      this.doc.getElementById(location.hash.slice(1))?.scrollIntoView();
    } else if (moveFocus) {
      window.scrollTo(0, 0);
      const heading = this.main.querySelector<HTMLElement>('h1');
      (heading ?? this.main).focus();
    }
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
