import type { AppContext } from '../app-context';
import { languageName } from '../i18n/format';
import { h, safeUrl } from '../ui/dom';

export interface Recording {
  lang?: string;
  url: string;
}

/**
 * A session's recordings once it has ended: an HTML5 player for MP4 over https, a link for every recording
 * (HLS plays in the stage's player when that is wired; browsers without HLS open the link).
 */
export function recordingsSection(
  ctx: AppContext,
  session: { title: string; endsAt: string; liveStatus: string; recordings?: Recording[] },
): HTMLElement | null {
  const ended = session.liveStatus === 'ended' || Date.parse(session.endsAt) < Date.now();
  const recordings = (session.recordings ?? []).filter((recording) => safeUrl(recording.url));
  if (!ended || recordings.length === 0) {
    return null;
  }
  const labelOf = (recording: Recording): string =>
    recording.lang
      ? ctx.t('recordings.inLanguage', { language: languageName(recording.lang, ctx.locale) })
      : ctx.t('recordings.floor');
  const playable = recordings.find(
    (recording) => recording.url.startsWith('https:') && /\.mp4(\?|$)/i.test(recording.url),
  );
  return h(
    'section',
    { class: 'card recordings', attrs: { 'aria-labelledby': 'recordings-heading' } },
    h('h2', { id: 'recordings-heading', class: 'section-title' }, ctx.t('recordings.title')),
    playable
      ? h('video', {
          class: 'recording-player',
          attrs: {
            controls: true,
            preload: 'metadata',
            src: playable.url,
            'aria-label': ctx.t('recordings.player', { title: session.title }),
          },
        })
      : null,
    h(
      'ul',
      { class: 'recording-links' },
      recordings.map((recording) =>
        h(
          'li',
          null,
          h(
            'a',
            { attrs: { href: recording.url, rel: 'noopener', 'data-external': '' } },
            labelOf(recording),
          ),
        ),
      ),
    ),
  );
}
