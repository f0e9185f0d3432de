import { emptyIndex, normalizeSession } from '../../api/normalize';
import type { Session, Stream } from '../../api/types';
import type { AppContext } from '../../app-context';
import { formatTimeRange, viewerTimeZone } from '../../i18n/format';
import { h, safeUrl } from '../../ui/dom';
import type { PlayerState, StagePlayer, TrackChoice } from './hls-player';
import { nowAndNext } from './room-schedule';

/** How often the stage looks at the room's schedule (a new session may bring another stream). */
const SCHEDULE_REFRESH_MS = 30_000;

const sameStream = (a: Stream | null, b: Stream | null) => JSON.stringify(a) === JSON.stringify(b);

/** The slate: what is on now and what comes next in the room, in the viewer's time zone. */
function slate(ctx: AppContext, roomName: string | null, sessions: Session[], message: string): HTMLElement {
  const zone = viewerTimeZone();
  const { current, next } = nowAndNext(sessions, Date.now());
  const line = (key: 'stage.now' | 'stage.next', session: Session) =>
    h(
      'p',
      { class: 'stage-slate-line' },
      h('strong', null, ctx.t(key)),
      ' ',
      session.title,
      ' · ',
      h(
        'time',
        { attrs: { datetime: session.startsAt } },
        formatTimeRange(session.startsAt, session.endsAt, ctx.locale, zone),
      ),
    );
  return h(
    'div',
    { class: 'stage-slate' },
    roomName ? h('p', { class: 'stage-slate-room' }, roomName) : null,
    h('p', { class: 'stage-slate-message' }, message),
    current ? line('stage.now', current) : null,
    next ? line('stage.next', next) : null,
  );
}

function choiceSelect(
  label: string,
  className: string,
  onChange: (id: string) => void,
): { wrapper: HTMLElement; update(choices: TrackChoice[], selected: string, extra?: TrackChoice): void } {
  const select = h('select', { class: className, on: { change: () => onChange(select.value) } });
  const wrapper = h(
    'label',
    { class: 'stage-choice', attrs: { hidden: true } },
    h('span', null, label),
    select,
  );
  return {
    wrapper,
    update(choices, selected, extra) {
      const all = extra ? [extra, ...choices] : choices;
      select.replaceChildren(
        ...all.map((choice) =>
          h('option', { attrs: { value: choice.id, lang: choice.lang || undefined } }, choice.label),
        ),
      );
      select.value = selected;
      wrapper.hidden = choices.length < (extra ? 1 : 2);
    },
  };
}

/**
 * The stage of a session page: Plenary's player for HLS (loaded on demand), an iframe for embeds, a "Join
 * the meeting" button for external meetings, and a slate with now/next whenever nothing plays. It follows
 * the room's schedule: when another session of the room is on, its stream plays.
 */
export function stageSection(
  ctx: AppContext,
  slug: string,
  session: Session,
  { followSchedule = true }: { followSchedule?: boolean } = {},
): HTMLElement {
  const screen = h('div', { class: 'stage-screen' });
  const status = h('p', { class: 'stage-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const controls = h('div', { class: 'stage-controls' });
  const section = h(
    'section',
    { class: 'stage', attrs: { 'aria-label': ctx.t('session.stream') } },
    screen,
    controls,
    status,
  );
  let roomSessions: Session[] = [session];
  let playing: Stream | null | undefined;
  let player: StagePlayer | null = null;
  let disposed = false;
  let slateMessage = ctx.t('stage.noStream');

  const showSlate = (message: string) => {
    slateMessage = message;
    screen.querySelector('.stage-slate')?.remove();
    screen.append(slate(ctx, session.room?.name ?? null, roomSessions, message));
  };
  const hideSlate = () => screen.querySelector('.stage-slate')?.remove();

  const play = (stream: Stream | null) => {
    if (sameStream(stream, playing ?? null) && playing !== undefined) {
      return;
    }
    playing = stream;
    player?.destroy();
    player = null;
    screen.replaceChildren();
    controls.replaceChildren();
    status.textContent = '';
    const url = safeUrl(stream?.url);
    if (!stream || !url) {
      showSlate(ctx.t('stage.noStream'));
      return;
    }
    if (stream.kind === 'embed') {
      screen.append(
        h('iframe', {
          attrs: {
            src: url,
            title: ctx.t('session.streamTitle', { title: session.title }),
            allow: 'autoplay; fullscreen; picture-in-picture; encrypted-media',
            referrerpolicy: 'strict-origin-when-cross-origin',
            sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups',
          },
        }),
      );
      return;
    }
    if (stream.kind === 'link') {
      screen.append(
        h(
          'div',
          { class: 'stage-slate' },
          h('p', { class: 'stage-slate-message' }, ctx.t('stage.linkHint')),
          h(
            'a',
            {
              class: 'button button-primary',
              attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
            },
            ctx.t('stage.join'),
          ),
        ),
      );
      return;
    }
    startHls(stream);
  };

  const startHls = (stream: Stream) => {
    const video = h('video', {
      class: 'stage-video',
      attrs: {
        controls: true,
        playsinline: true,
        crossorigin: 'anonymous',
        'aria-label': ctx.t('session.streamTitle', { title: session.title }),
      },
    });
    screen.append(video);
    showSlate(ctx.t('stage.connecting'));
    let player_: StagePlayer | null = null;
    const audio = choiceSelect(ctx.t('stage.language'), 'stage-audio', (id) => player_?.selectAudio(id));
    const captions = choiceSelect(ctx.t('stage.captions'), 'stage-captions', (id) =>
      player_?.selectCaptions(id),
    );
    controls.append(audio.wrapper, captions.wrapper);
    void import('./hls-player').then(({ createStagePlayer }) => {
      if (disposed || playing !== stream) {
        return;
      }
      player_ = createStagePlayer(video, stream, ctx.locale, {
        state: (state: PlayerState) => {
          section.dataset['state'] = state;
          if (state === 'playing' || state === 'backup') {
            hideSlate();
            status.textContent = state === 'backup' ? ctx.t('stage.backup') : '';
          } else if (state === 'down') {
            showSlate(ctx.t('stage.retrying'));
          }
        },
        audio: (choices, selected) => audio.update(choices, selected ?? ''),
        captions: (choices, selected) =>
          captions.update(choices, selected, { id: 'off', label: ctx.t('stage.captionsOff'), lang: '' }),
      });
      player = player_;
    });
  };

  /** The stream of what is on in the room now, else this page's session's. */
  const follow = () => {
    const { current } = nowAndNext(roomSessions, Date.now());
    play(current && current.id !== session.id && current.stream ? current.stream : session.stream);
    if (screen.querySelector('.stage-slate')) {
      showSlate(slateMessage);
    }
  };

  const refresh = async () => {
    if (session.room) {
      try {
        const raw = await ctx.api.roomSessions(slug, session.room.id);
        roomSessions = raw.map((item) => normalizeSession(item, emptyIndex()));
      } catch {
        // Keep the last known schedule; the next refresh tries again.
      }
    }
    if (!disposed) {
      follow();
    }
  };
  play(session.stream);
  const interval = followSchedule ? setInterval(() => void refresh(), SCHEDULE_REFRESH_MS) : undefined;
  if (followSchedule) {
    void refresh();
  }
  ctx.onDispose(() => {
    disposed = true;
    clearInterval(interval);
    player?.destroy();
  });
  return section;
}
