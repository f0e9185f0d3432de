// The HLS player, loaded on demand (hls.js full build: the light build drops alternate audio and subtitles).
import Hls, { type ErrorData } from 'hls.js';

import type { Stream } from '../../api/types';
import {
  CAPTIONS_OFF,
  rememberAudio,
  rememberedAudio,
  rememberCaptions,
  rememberedCaptions,
  sameLanguage,
} from './stage-preferences';

export type PlayerState = 'loading' | 'playing' | 'backup' | 'down';

export interface TrackChoice {
  /** `audio:<n>`, `hls:<n>` (playlist subtitles), `file:<n>` (the stream's caption files) or `off`. */
  id: string;
  label: string;
  lang: string;
}

export interface PlayerEvents {
  state(state: PlayerState, attempt: number): void;
  audio(choices: TrackChoice[], selected: string | null): void;
  captions(choices: TrackChoice[], selected: string): void;
}

export interface PlayerOptions {
  /**
   * A recording on the session page: it waits for the viewer's play button and stops at its end. The stage
   * (the default) starts at once and loops a recording, so it never ends on a black frame.
   */
  recording?: boolean;
}

export interface StagePlayer {
  selectAudio(id: string): void;
  selectCaptions(id: string): void;
  destroy(): void;
}

/** Retries while nothing plays: 2 s, 4 s, 8 s … at most a minute apart. */
const retryDelay = (attempt: number): number => Math.min(60_000, 2000 * 2 ** Math.min(attempt, 5));
/** How long the backup plays before the primary is tried again. */
const PRIMARY_RETRY_MS = 60_000;

/**
 * Plays `stream` in `video`: hls.js where Media Source Extensions exist (Chromium says "maybe" to HLS in
 * canPlayType but exposes no audio tracks, so hls.js comes first), the browser's own HLS otherwise (Safari
 * on iOS). On a fatal error it switches to the backup, later tries the primary again, and while neither
 * plays it keeps retrying with backoff.
 */
export function createStagePlayer(
  video: HTMLVideoElement,
  stream: Stream,
  uiLocale: string,
  events: PlayerEvents,
  options: PlayerOptions = {},
): StagePlayer {
  const autoplay = !options.recording;
  const urls = [stream.url, ...(stream.backupUrl ? [stream.backupUrl] : [])];
  let current = 0;
  let attempt = 0;
  let hls: Hls | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  let playing = false;
  let captionChoice = rememberedCaptions() ?? CAPTIONS_OFF;

  const fileTracks = (stream.captions ?? []).map((caption) => {
    const track = document.createElement('track');
    track.kind = 'subtitles';
    track.srclang = caption.lang;
    track.label = caption.label;
    track.src = caption.url;
    video.append(track);
    return track;
  });

  /** Browsers refuse to start sound without a click on the page: start muted then (the controls unmute). */
  const start = () => {
    video.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError' && !video.muted) {
        video.muted = true;
        void video.play().catch(() => undefined);
      }
    });
  };

  const schedule = (ms: number, run: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(() => !destroyed && run(), ms);
  };

  const report = () => events.state(!playing ? 'down' : current === 0 ? 'playing' : 'backup', attempt);

  const onPlaying = () => {
    playing = true;
    attempt = 0;
    report();
    if (current !== 0) {
      schedule(PRIMARY_RETRY_MS, () => void tryPrimaryAgain());
    }
  };
  video.addEventListener('playing', onPlaying);

  /** A fatal error on the url being played: the next url, or (all failed) the slate and a later retry. */
  const failed = () => {
    playing = false;
    if (current + 1 < urls.length) {
      load(current + 1);
      return;
    }
    report();
    attempt += 1;
    schedule(retryDelay(attempt), () => load(0));
  };

  /** While the backup plays, ask the primary's origin whether it is back before switching. */
  const tryPrimaryAgain = async () => {
    try {
      const response = await fetch(urls[0], { cache: 'no-store' });
      if (response.ok) {
        load(0);
        return;
      }
    } catch {
      // Still down.
    }
    schedule(PRIMARY_RETRY_MS, () => void tryPrimaryAgain());
  };

  const captionChoices = (): TrackChoice[] => [
    ...(hls?.subtitleTracks ?? []).map((track, index) => ({
      id: `hls:${index}`,
      label: track.name || track.lang || `#${index + 1}`,
      lang: track.lang ?? '',
    })),
    ...fileTracks.map((track, index) => ({ id: `file:${index}`, label: track.label, lang: track.srclang })),
  ];

  const applyCaptions = () => {
    const choices = captionChoices();
    // A remembered language maps to the first track in that language, whatever its source.
    const chosen =
      choices.find((choice) => choice.id === captionChoice) ??
      choices.find((choice) => sameLanguage(choice.lang, captionChoice));
    const id = chosen?.id ?? CAPTIONS_OFF;
    if (hls) {
      hls.subtitleDisplay = id.startsWith('hls:');
      hls.subtitleTrack = id.startsWith('hls:') ? Number(id.slice(4)) : -1;
    }
    fileTracks.forEach((track, index) => {
      track.track.mode = id === `file:${index}` ? 'showing' : 'disabled';
    });
    events.captions(choices, id);
  };

  const audioChoices = (): TrackChoice[] =>
    (hls?.audioTracks ?? []).map((track, index) => ({
      id: `audio:${index}`,
      label: track.name || track.lang || `#${index + 1}`,
      lang: track.lang ?? '',
    }));

  const load = (index: number) => {
    current = index;
    playing = false;
    hls?.destroy();
    hls = null;
    events.state('loading', attempt);
    if (Hls.isSupported()) {
      loadWithHlsJs(urls[index]);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = urls[index];
      if (autoplay) {
        start();
      }
      applyCaptions();
    } else {
      report();
    }
  };

  const loadWithHlsJs = (url: string) => {
    const instance = new Hls({
      lowLatencyMode: true,
      enableWorker: true,
      renderTextTracksNatively: true,
      // The remembered language, else the UI language (`zh-CN` matches a `zh` rendition); hls.js falls back
      // to the playlist's DEFAULT=YES rendition when none matches.
      audioPreference: { lang: rememberedAudio() ?? uiLocale },
    });
    hls = instance;
    instance.on(Hls.Events.MANIFEST_PARSED, () => {
      const tracks = instance.audioTracks;
      events.audio(audioChoices(), tracks.length > 0 ? `audio:${instance.audioTrack}` : null);
      applyCaptions();
      if (autoplay) {
        start();
      }
    });
    // A recording (no live edge) loops, like the demo clip: the stage never ends on a black frame.
    instance.on(Hls.Events.LEVEL_LOADED, (_event, data) => {
      video.loop = autoplay && !data.details.live;
    });
    instance.on(Hls.Events.AUDIO_TRACK_SWITCHED, () => {
      events.audio(audioChoices(), `audio:${instance.audioTrack}`);
    });
    instance.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => applyCaptions());
    instance.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal || hls !== instance) {
        return;
      }
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && playing) {
        instance.recoverMediaError();
        return;
      }
      failed();
    });
    instance.loadSource(url);
    instance.attachMedia(video);
  };

  const onNativeError = () => {
    if (!hls) {
      failed();
    }
  };
  video.addEventListener('error', onNativeError);
  load(0);

  return {
    selectAudio(id) {
      const index = Number(id.replace('audio:', ''));
      const track = hls?.audioTracks[index];
      if (hls && track) {
        hls.setAudioOption(track);
        rememberAudio(track.lang ?? track.name);
      }
    },
    selectCaptions(id) {
      captionChoice = id;
      const chosen = captionChoices().find((choice) => choice.id === id);
      rememberCaptions(chosen?.lang || CAPTIONS_OFF);
      applyCaptions();
    },
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      video.removeEventListener('playing', onPlaying);
      video.removeEventListener('error', onNativeError);
      hls?.destroy();
      hls = null;
      fileTracks.forEach((track) => track.remove());
      video.removeAttribute('src');
      video.load();
    },
  };
}
