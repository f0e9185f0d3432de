import { createHash } from 'node:crypto';

/**
 * The canonical form of a declaration's texts (docs/declarations.md): `JSON.stringify` of an object whose
 * keys are the language codes in ascending order and whose values are the texts in Unicode NFC, encoded as
 * UTF-8. Language codes are ASCII, so "ascending" is the same by UTF-16 unit, code point and byte.
 */
export function canonicalTexts(texts: Record<string, string>): string {
  const sorted = Object.keys(texts)
    .sort()
    .map((lang) => [lang, texts[lang].normalize('NFC')] as const);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** SHA-256 of the canonical texts, lowercase hex. */
export function declarationDigest(texts: Record<string, string>): string {
  return createHash('sha256').update(canonicalTexts(texts), 'utf8').digest('hex');
}
