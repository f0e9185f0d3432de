import type { AppContext } from '../app-context';
import type { Session } from '../api/types';
import { h } from '../ui/dom';

/** A language's own name (中文, русский, English), for badges readers scan for their language. */
export function endonym(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** `lang` for an element showing content, so screen readers and fonts use the language it came in. */
export function contentLang(resource: { lang?: string | null } | null | undefined): Record<string, string> {
  return resource?.lang ? { lang: resource.lang } : {};
}

/**
 * "中文 · EN / RU interpretation": the spoken language in its own name and script, then the interpretation
 * languages as short codes; both read out in full to screen readers.
 */
export function languageBadges(
  ctx: AppContext,
  session: Pick<Session, 'language' | 'interpretation'>,
): HTMLElement | null {
  if (!session.language && session.interpretation.length === 0) {
    return null;
  }
  const spoken = session.language
    ? h(
        'span',
        {
          class: 'session-lang',
          attrs: {
            lang: session.language,
            title: ctx.t('lang.spoken', { language: endonym(session.language) }),
          },
        },
        endonym(session.language),
      )
    : null;
  const codes = session.interpretation.map((tag) => tag.toUpperCase()).join(' / ');
  const interpretation =
    session.interpretation.length > 0
      ? h('span', { class: 'session-interpretation' }, ctx.t('lang.interpretation', { languages: codes }))
      : null;
  return h(
    'span',
    { class: 'language-badges' },
    spoken,
    spoken && interpretation ? h('span', { attrs: { 'aria-hidden': 'true' } }, ' · ') : null,
    interpretation,
  );
}
