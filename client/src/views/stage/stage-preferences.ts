/**
 * The listener's language and caption choices, remembered across rooms and visits (localStorage). A first
 * visit picks the UI language's track when the stream has one.
 */
const AUDIO_KEY = 'plenary.stage.audio';
const CAPTIONS_KEY = 'plenary.stage.captions';
/** Stored instead of a language when the listener turned captions off on purpose. */
export const CAPTIONS_OFF = 'off';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
}

/** `zh-CN` and `zh-Hans` both match a track tagged `zh` (and the other way round). */
export function sameLanguage(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) {
    return false;
  }
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  return a.toLowerCase() === b.toLowerCase() || base(a) === base(b);
}

export const rememberedAudio = (): string | null => read(AUDIO_KEY);
export const rememberAudio = (lang: string): void => write(AUDIO_KEY, lang);
export const rememberedCaptions = (): string | null => read(CAPTIONS_KEY);
export const rememberCaptions = (lang: string): void => write(CAPTIONS_KEY, lang);
