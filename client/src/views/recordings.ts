import type { AppContext } from '../app-context';
import { languageName } from '../i18n/format';
import { h, safeUrl } from '../ui/dom';
import type { StagePlayer } from './stage/hls-player';
import { sameLanguage } from './stage/stage-preferences';

export interface Recording {
  lang?: string;
  url: string;
}

/** HLS by its playlist's extension; anything else (MP4, WebM) is a file the <video> element plays. */
export const isHlsRecording = (url: string): boolean => /\.m3u8$/i.test(new URL(url, location.href).pathname);

/** The recording in the UI language, else the floor (no language), else the first. */
export function preferredRecording(recordings: readonly Recording[], locale: string): Recording {
  return (
    recordings.find((recording) => sameLanguage(recording.lang, locale)) ??
    recordings.find((recording) => !recording.lang) ??
    recordings[0]
  );
}

/**
 * A session's recordings once it has ended: HLS plays in the stage's own player (hls.js, loaded on demand
 * as on the stage), a file in a plain <video>; a language choice when there are several, and a link to
 * every recording for those who prefer their own player.
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

  const video = h('video', {
    class: 'recording-player',
    attrs: {
      controls: true,
      preload: 'metadata',
      playsinline: true,
      'aria-label': ctx.t('recordings.player', { title: session.title }),
    },
  });
  const note = h('p', { class: 'muted recording-note', attrs: { role: 'status' } });
  let player: StagePlayer | null = null;
  let disposed = false;
  // The latest choice wins when the viewer switches again before hls.js has loaded.
  let choice = 0;

  const play = (recording: Recording): void => {
    const mine = ++choice;
    player?.destroy();
    player = null;
    note.textContent = '';
    video.dataset.kind = isHlsRecording(recording.url) ? 'hls' : 'file';
    if (video.dataset.kind === 'file') {
      video.src = recording.url;
      return;
    }
    void import('./stage/hls-player')
      .then(({ createStagePlayer }) => {
        if (disposed || mine !== choice) {
          return;
        }
        player = createStagePlayer(
          video,
          { kind: 'hls', url: recording.url },
          ctx.locale,
          {
            state: (state) => {
              note.textContent = state === 'down' ? ctx.t('recordings.unavailable') : '';
            },
            audio: () => undefined,
            captions: () => undefined,
          },
          { recording: true },
        );
      })
      .catch(() => {
        note.textContent = ctx.t('recordings.unavailable');
      });
  };
  ctx.onDispose(() => {
    disposed = true;
    player?.destroy();
  });

  const first = preferredRecording(recordings, ctx.locale);
  let picker: HTMLElement | null = null;
  if (recordings.length > 1) {
    const select = h(
      'select',
      { id: 'recording-language', class: 'recording-language' },
      recordings.map((recording, index) =>
        h('option', { attrs: { value: String(index), selected: recording === first } }, labelOf(recording)),
      ),
    );
    select.addEventListener('change', () => play(recordings[Number(select.value)]));
    picker = h(
      'div',
      { class: 'field recording-picker' },
      h('label', { attrs: { for: 'recording-language' } }, ctx.t('recordings.language')),
      select,
    );
  }
  play(first);

  return h(
    'section',
    { class: 'card recordings', attrs: { 'aria-labelledby': 'recordings-heading' } },
    h('h2', { id: 'recordings-heading', class: 'section-title' }, ctx.t('recordings.title')),
    picker,
    video,
    note,
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
