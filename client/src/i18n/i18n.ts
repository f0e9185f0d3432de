import { en, type MessageKey } from './en';
import { zhCN } from './zh-cn';

export type { MessageKey } from './en';

/** Supported UI languages. Adding one = a catalogue file + a line here. */
export const LOCALES = {
  en: { label: 'English', messages: en },
  'zh-CN': { label: '简体中文', messages: zhCN },
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
    if (lower.startsWith('en')) {
      return 'en';
    }
  }
  return 'en';
}

export type Params = Record<string, string | number>;

export function interpolate(template: string, params?: Params): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  const messages = LOCALES[locale].messages;
  return (key, params) => interpolate(messages[key] ?? en[key] ?? key, params);
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
