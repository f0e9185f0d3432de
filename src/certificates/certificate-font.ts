import { existsSync, readFileSync } from 'node:fs';

import { create, Font } from 'fontkit';

import { logger } from '../common/logging/json-logger';

/**
 * A font with Latin, Cyrillic and Chinese glyphs for names on certificates. PDF's standard fonts cover
 * Latin-1 only. The first one installed wins: Debian's fonts-wqy-zenhei (installed by .ci/run and named in
 * the README), else the other common CJK fonts. Without any, certificates still work for names that
 * Latin-1 can write, and the others are refused with a clear 503 rather than printed as blanks.
 */
const CANDIDATES: ReadonlyArray<{ path: string; family?: string }> = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

export interface CertificateFont {
  path: string;
  family?: string;
  /**
   * Parsed once per process and shared by every PDF: parsing the 17 MB collection and its glyph tables
   * again for each certificate took about 0.3–0.7 s of CPU per download, reusing it about 35 ms.
   */
  font: Font;
}

let found: CertificateFont | null | undefined;

export function certificateFont(): CertificateFont | null {
  if (found === undefined) {
    const candidate = CANDIDATES.find(({ path }) => existsSync(path));
    found = candidate ? { ...candidate, font: create(readFileSync(candidate.path), candidate.family) } : null;
    if (!found) {
      logger.warn('no CJK/Cyrillic font for certificates: apt-get install fonts-wqy-zenhei', {});
    }
  }
  return found;
}

/** What Helvetica (WinAnsi) can print. */
export const isLatin1 = (text: string): boolean => [...text].every((char) => char.charCodeAt(0) <= 0xff);
