/**
 * BCP 47 language tags and how a reader's wishes are matched against the languages some content exists in.
 * Tags are compared ignoring case; a wish for `zh-CN` is served by `zh`, and a wish for `zh` by `zh-Hans`.
 */

/** Any well-formed tag of the common shape: a 2–3 letter language, then subtags of 1–8 letters or digits. */
export const BCP47_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,5}$/;
export const MAX_TAG_LENGTH = 35;

export const isLanguageTag = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_TAG_LENGTH && BCP47_TAG.test(value);

const primaryOf = (tag: string): string => tag.split('-')[0].toLowerCase();

/**
 * The first of `available` that serves one of `wanted` (in order of preference): an exact match, else the
 * wish with subtags dropped from the end (`zh-Hant-TW` → `zh-Hant` → `zh`), else any tag of the same
 * primary language. Returns the tag as spelled in `available`.
 */
export function matchLanguage(wanted: readonly string[], available: readonly string[]): string | undefined {
  const byLower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  for (const wish of wanted) {
    const parts = wish.toLowerCase().split('-');
    for (let length = parts.length; length > 0; length -= 1) {
      const found = byLower.get(parts.slice(0, length).join('-'));
      if (found) {
        return found;
      }
    }
    const primary = primaryOf(wish);
    const sibling = available.find((tag) => primaryOf(tag) === primary);
    if (sibling) {
      return sibling;
    }
  }
  return undefined;
}

const MAX_ACCEPT_ENTRIES = 20;

/**
 * The tags of an `Accept-Language` header, most wanted first (by q-value, then by position). Entries with
 * `q=0`, the `*` wildcard and malformed entries are left out.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) {
    return [];
  }
  const entries: { tag: string; q: number; index: number }[] = [];
  header
    .split(',')
    .slice(0, MAX_ACCEPT_ENTRIES)
    .forEach((entry, index) => {
      const [rawTag, ...params] = entry.trim().split(';');
      const tag = rawTag.trim();
      if (!isLanguageTag(tag)) {
        return;
      }
      let q = 1;
      for (const param of params) {
        const [name, value] = param.trim().split('=');
        if (name?.trim().toLowerCase() === 'q') {
          q = Number(value);
        }
      }
      if (Number.isFinite(q) && q > 0 && q <= 1) {
        entries.push({ tag, q, index });
      }
    });
  return entries.sort((a, b) => b.q - a.q || a.index - b.index).map((entry) => entry.tag);
}
