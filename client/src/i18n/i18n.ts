import { en, type Catalogue, type MessageKey } from './en';

export type { Catalogue, MessageKey } from './en';

/**
 * Supported UI languages. Adding one = a catalogue file + a line here. English is bundled (it is also the
 * fallback for a key a catalogue lacks); the others are fetched on demand, only the one in use, so they stay
 * off the first page and the session page's script budget.
 */
export const LOCALES = {
  en: { label: 'English', load: (): Promise<Catalogue> => Promise.resolve(en) },
  'zh-CN': { label: '简体中文', load: (): Promise<Catalogue> => import('./zh-cn').then((m) => m.zhCN) },
  ru: { label: 'Русский', load: (): Promise<Catalogue> => import('./ru').then((m) => m.ru) },
} as const;

export type Locale = keyof typeof LOCALES;
export const LOCALE_STORAGE_KEY = 'plenary.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOCALES, value);
}

/** The best supported locale for the browser's preference list (`navigator.languages`). */
export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) {
      return 'zh-CN';
    }
    if (lower === 'ru' || lower.startsWith('ru-')) {
      return 'ru';
    }
    if (lower.startsWith('en')) {
      return 'en';
    }
  }
  return 'en';
}

export type Params = Record<string, string | number>;

/** `{count, plural, one {# item} few {# items} other {# items}}`: the branches hold no braces of their own. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(\w+)\s*\{([^{}]*)\}/g;

/**
 * Fills `{name}` placeholders; numbers are written the locale's way (Intl.NumberFormat), and plural
 * branches are chosen by Intl.PluralRules, so Russian gets its one/few/many forms.
 */
export function interpolate(template: string, params?: Params, locale: string = 'en'): string {
  if (!params) {
    return template;
  }
  const show = (value: string | number): string =>
    typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  const withPlurals = template.replace(PLURAL, (match, name: string, branches: string) => {
    const value = params[name];
    if (typeof value !== 'number') {
      return match;
    }
    const forms = new Map([...branches.matchAll(BRANCH)].map((branch) => [branch[1], branch[2]]));
    const form = forms.get(new Intl.PluralRules(locale).select(value)) ?? forms.get('other') ?? '';
    return form.replace(/#/g, show(value));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? show(params[name]) : match,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale, messages: Catalogue): Translate {
  return (key, params) => interpolate(messages[key] ?? en[key] ?? key, params, locale);
}

const catalogues = new Map<Locale, Promise<Catalogue>>();

/** The locale's catalogue, fetched once; a failed fetch is forgotten so the next call tries again. */
export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  let loading = catalogues.get(locale);
  if (!loading) {
    loading = LOCALES[locale].load();
    catalogues.set(locale, loading);
    loading.catch(() => catalogues.delete(locale));
  }
  return loading;
}

/** A translator for the locale once its catalogue is here; English when it cannot be fetched (offline). */
export async function loadTranslator(locale: Locale): Promise<Translate> {
  try {
    return translator(locale, await loadCatalogue(locale));
  } catch {
    return translator(locale, en);
  }
}

/** The saved choice, else the browser's. */
export function initialLocale(
  storage: Pick<Storage, 'getItem'> | null,
  languages: readonly string[],
): Locale {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  return isLocale(saved) ? saved : pickLocale(languages);
}
