/** A resource as `session:updated` sends it: original fields plus every translation. */
type Translations = Record<string, Record<string, unknown>>;

const primaryOf = (tag: string): string => tag.split('-')[0].toLowerCase();

/** The tag among `tags` that serves `locale`: the same tag, else one of the same language (`zh-CN` → `zh`). */
export function matchTranslation(locale: string, tags: readonly string[]): string | undefined {
  const wanted = locale.toLowerCase();
  return (
    tags.find((tag) => tag.toLowerCase() === wanted) ??
    tags.find((tag) => primaryOf(tag) === primaryOf(wanted))
  );
}

/**
 * Puts the texts of `locale` over the originals, field by field, on every resource inside `value` that
 * carries `translations` (a session, its room, track, participants and their organisations), and says so in
 * `lang`. Untranslated fields keep the original. Returns a copy without `translations`.
 */
export function localizeContent<T>(value: T, locale: string): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => localizeContent(item, locale)) as T;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (key !== 'translations') {
      out[key] = localizeContent(field, locale);
    }
  }
  const translations = (value as { translations?: Translations }).translations;
  const tag = translations ? matchTranslation(locale, Object.keys(translations)) : undefined;
  let translated = false;
  for (const [field, text] of Object.entries(tag ? translations![tag] : {})) {
    if ((typeof text === 'string' && text !== '') || Array.isArray(text)) {
      out[field] = text;
      translated = true;
    }
  }
  if (translated) {
    out['lang'] = tag;
  }
  return out as T;
}
