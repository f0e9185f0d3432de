import { validationFailed } from '../errors/domain-error';

/**
 * Translations of a resource's texts, by language and field: `{ zh: { title: "开幕式" } }`. Stored as one JSON
 * value per row, so a new language or a new translatable field needs no migration.
 */
export type TranslatedValue = string | string[];
export type Translations = Record<string, Record<string, TranslatedValue>>;

/** What a create or PATCH body carries: `null` for a field removes that translation, for a language all of it. */
export type TranslationsPatch = Record<string, Record<string, TranslatedValue | null> | null>;

/** A row that may carry translations (the column is null until one is written). */
export interface Translatable {
  translations?: Translations | null;
}

/**
 * Applies a patch to stored translations: per language and field, later wins; `null` removes. Returns null
 * when nothing is left, which is what the column stores for "no translations".
 */
export function mergeTranslations(
  existing: Translations | null | undefined,
  patch: TranslationsPatch | undefined,
): Translations | null {
  const merged: Translations = structuredClone(existing ?? {});
  for (const [lang, fields] of Object.entries(patch ?? {})) {
    if (fields === null) {
      delete merged[lang];
      continue;
    }
    const target = { ...(merged[lang] ?? {}) };
    for (const [field, value] of Object.entries(fields)) {
      if (value === null) {
        delete target[field];
      } else {
        target[field] = typeof value === 'string' ? value.trim() : value.map((item) => item.trim());
      }
    }
    if (Object.keys(target).length > 0) {
      merged[lang] = target;
    } else {
      delete merged[lang];
    }
  }
  return Object.keys(merged).length > 0 ? merged : null;
}

/**
 * Refuses translations into a language the event is not written in (or into its original language, which
 * the fields themselves hold): 400 VALIDATION_FAILED naming `translations.<lang>`. Returns the patch with
 * each language spelled as the event spells it (`ZH` → `zh`).
 */
export function checkTranslationLanguages(
  patch: TranslationsPatch | undefined,
  languages: readonly string[],
  path = 'translations',
): TranslationsPatch | undefined {
  if (!patch) {
    return undefined;
  }
  const errors: Record<string, string[]> = {};
  const spelled: TranslationsPatch = {};
  const [original, ...others] = languages;
  for (const [lang, fields] of Object.entries(patch)) {
    const match = others.find((tag) => tag.toLowerCase() === lang.toLowerCase());
    if (match) {
      spelled[match] = fields;
    } else if (original !== undefined && original.toLowerCase() === lang.toLowerCase()) {
      errors[`${path}.${lang}`] = [`${lang} is the original language: write it in the fields themselves`];
    } else {
      errors[`${path}.${lang}`] = [
        languages.length > 0
          ? `${lang} is not one of the event's languages (${languages.join(', ')})`
          : `${lang} is not one of the event's languages (the event lists none)`,
      ];
    }
  }
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors, 'A translation is not in one of the event languages');
  }
  return spelled;
}

/** The languages a resource has a translation in, for editors ("missing: ru"). */
export const translatedLanguages = (translations: Translations | null | undefined): string[] =>
  Object.keys(translations ?? {});
