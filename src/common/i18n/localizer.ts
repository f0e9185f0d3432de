import { matchLanguage } from './language-tags';
import type { Translatable, Translations } from './translations';

/** The reader's wishes: `?lang=` first, then `Accept-Language`; `all` asks staff reads for every translation. */
export interface ContentLanguage {
  wanted: string[];
  all: boolean;
}

export const NO_PREFERENCE: ContentLanguage = { wanted: [], all: false };

/** Fields of a resource as served: values in one language, the language served, and for editors the rest. */
export type Localized<T, K extends keyof T> = Pick<T, K> & {
  lang: string | null;
  translations?: Translations;
};

/**
 * Serves the texts of resources in the reader's language. Made once per request from the event's languages
 * (the first is the original); each resource then comes out with its translated fields where a translation
 * exists and its original fields otherwise, plus `lang`, the language actually served for it.
 */
export class Localizer {
  private constructor(
    /** An event language other than the original, or null to serve the originals. */
    readonly served: string | null,
    readonly original: string | null,
    private readonly wanted: readonly string[],
    private readonly includeAll: boolean,
  ) {}

  /** Originals only, no `translations` (internal payloads, tests). */
  static readonly ORIGINAL = new Localizer(null, null, [], false);

  /** For an event's content; `isStaff` lets `?translations=all` return every translation for editing. */
  static forEvent(
    content: ContentLanguage | undefined,
    languages: readonly string[],
    isStaff = false,
  ): Localizer {
    const wish = content ?? NO_PREFERENCE;
    const original = languages[0] ?? null;
    const match = matchLanguage(wish.wanted, languages) ?? null;
    // A reader served the original gets the directory rows inside it (organisations) in their originals
    // too, not in a later wish: an editor reading `?lang=<original>` must see what the fields hold.
    const wanted = match !== null && match === original ? [original] : wish.wanted;
    return new Localizer(match === original ? null : match, original, wanted, wish.all && isStaff);
  }

  /** For the organisation directory, which belongs to no event: each row is matched on its own tags. */
  static forDirectory(content: ContentLanguage | undefined, includeAll = false): Localizer {
    const wish = content ?? NO_PREFERENCE;
    return new Localizer(null, null, wish.wanted, wish.all && includeAll);
  }

  /** The language of a response as a whole (an agenda, an export): the served one or the original. */
  get lang(): string | null {
    return this.served ?? this.original;
  }

  /** A key for caches of localized responses. */
  get cacheKey(): string {
    return this.served ?? '';
  }

  /** For nested directory rows (a speaker's organisation): this reader's wish, narrowed to the served tag. */
  get directory(): Localizer {
    const wanted = this.served ? [this.served, ...this.wanted] : this.wanted;
    return new Localizer(null, null, wanted, this.includeAll);
  }

  fields<T extends Translatable, K extends keyof T>(entity: T, keys: readonly K[]): Localized<T, K> {
    const translations = entity.translations ?? null;
    const lang = this.served ?? (this.original === null ? this.pick(translations) : null);
    const out = {} as Localized<T, K>;
    let translated = false;
    const chosen = lang ? translations?.[lang] : undefined;
    for (const key of keys) {
      const value = chosen?.[key as string];
      if (value !== undefined && value !== '') {
        (out as Record<string, unknown>)[key as string] = value;
        translated = true;
      } else {
        (out as Record<string, unknown>)[key as string] = entity[key];
      }
    }
    out.lang = translated ? lang : this.original;
    if (this.includeAll && (translations !== null || this.wanted !== EDITOR_WANTED)) {
      out.translations = translations ?? {};
    }
    return out;
  }

  /** The row itself with its texts in the served language (for exporters, which work on rows). */
  overlay<T extends Translatable>(entity: T, keys: readonly (keyof T)[]): T {
    const { lang: _lang, translations: _translations, ...texts } = this.fields(entity, keys);
    return { ...entity, ...texts };
  }

  /** Directory rows keep their own tags: the reader's best wish among the languages this row has. */
  private pick(translations: Translations | null): string | null {
    return translations ? (matchLanguage(this.wanted, Object.keys(translations)) ?? null) : null;
  }
}

/** Marks write responses, which show stored translations but no empty `translations: {}`. */
const EDITOR_WANTED: string[] = [];

/** Write responses carry every translation, so an editor sees what was stored. */
export const EDITOR_VIEW: ContentLanguage = { wanted: EDITOR_WANTED, all: true };
