import { ApiError } from '../../api/http-client';
import type { Room, Session, Stream, StreamCaption, StreamKind } from '../../api/types';
import type { AppContext } from '../../app-context';
import { h } from '../../ui/dom';
import { button, errorMessage, withBusy } from '../common';
import type { FieldDef, FormValues } from '../organizer/crud-section';
import { stageSection } from './stage';

const KINDS: readonly StreamKind[] = ['hls', 'embed', 'link'];

/** The organizer form's stream fields: kind, URL, backup and the caption files (`lang | label | URL` lines). */
export function streamFields(ctx: AppContext): FieldDef[] {
  return [
    {
      name: 'streamKind',
      label: ctx.t('stage.kind'),
      type: 'select',
      options: () => [
        { value: '', label: ctx.t('stage.kind.none') },
        ...KINDS.map((kind) => ({ value: kind, label: ctx.t(`stage.kind.${kind}`) })),
      ],
    },
    // Text, not url: a path on this server (the demo clip's /demo-stage/master.m3u8) is a valid stream too.
    { name: 'streamMain', label: ctx.t('stage.url'), maxLength: 500, hint: 'https://' },
    { name: 'streamBackup', label: ctx.t('stage.backupUrl'), maxLength: 500, hint: 'https://' },
    {
      name: 'streamCaptions',
      label: ctx.t('stage.captionFiles'),
      type: 'textarea',
      hint: ctx.t('stage.captionsHint'),
    },
  ];
}

export function streamValues(room: Pick<Room, 'stream' | 'streamUrl'>): FormValues {
  const stream = room.stream ?? (room.streamUrl ? { kind: 'embed' as const, url: room.streamUrl } : null);
  return {
    streamKind: stream?.kind ?? '',
    streamMain: stream?.url ?? '',
    streamBackup: stream?.backupUrl ?? '',
    streamCaptions: (stream?.captions ?? [])
      .map((caption) => `${caption.lang} | ${caption.label} | ${caption.url}`)
      .join('\n'),
  };
}

const invalid = (field: string, message: string): ApiError =>
  new ApiError('VALIDATION_FAILED', message, 400, { fields: { [field]: [message] } });

/** `lang | label | URL`, one caption file a line; blank lines are skipped. */
function parseCaptions(ctx: AppContext, text: unknown): StreamCaption[] {
  const lines = (typeof text === 'string' ? text : '').split('\n');
  const captions: StreamCaption[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const parts = line.split('|').map((part) => part.trim());
    const [lang, label, url] = parts;
    if (parts.length !== 3 || !lang || !label || !url) {
      throw invalid('streamCaptions', ctx.t('stage.captionsLine', { line: index + 1 }));
    }
    captions.push({ lang, label, url });
  });
  return captions;
}

/** The form's stream fields as the API's `stream` (null: no stream); a malformed caption line throws. */
export function streamOf(ctx: AppContext, values: Record<string, unknown>): Stream | null {
  const { streamKind, streamMain, streamBackup, streamCaptions } = values;
  const kind = typeof streamKind === 'string' ? streamKind : '';
  if (kind === '' || typeof streamMain !== 'string' || streamMain === '') {
    return null;
  }
  const captions = parseCaptions(ctx, streamCaptions);
  return {
    kind: kind as StreamKind,
    url: streamMain,
    ...(typeof streamBackup === 'string' && streamBackup ? { backupUrl: streamBackup } : {}),
    ...(captions.length > 0 ? { captions } : {}),
  };
}

/** The form's stream fields → the API's `stream`. */
export function withStream(ctx: AppContext, body: Record<string, unknown>): Record<string, unknown> {
  const {
    streamKind: _kind,
    streamMain: _main,
    streamBackup: _backup,
    streamCaptions: _captions,
    ...rest
  } = body;
  return { ...rest, stream: streamOf(ctx, body), streamUrl: null };
}

/** The API's `stream.*` field errors (e.g. `stream.captions.1.url`) shown at the form field they came from. */
const FIELD_OF: Record<string, string> = {
  kind: 'streamKind',
  url: 'streamMain',
  backupUrl: 'streamBackup',
  captions: 'streamCaptions',
};

export async function savingStream<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (
      !(error instanceof ApiError) ||
      !Object.keys(error.fields).some((path) => path.startsWith('stream'))
    ) {
      throw error;
    }
    const fields: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(error.fields)) {
      const [head, part] = path.split('.');
      const name = head === 'stream' ? (FIELD_OF[part ?? ''] ?? 'streamMain') : path;
      (fields[name] ??= []).push(...messages);
    }
    throw new ApiError(
      error.code,
      error.message,
      error.status,
      { ...error.details, fields },
      error.requestId,
    );
  }
}

/** Plays a stream in the console as attendees would see it (the page's policy must allow its origins). */
function showPreview(
  ctx: AppContext,
  slug: string,
  preview: HTMLElement,
  name: string,
  stream: Stream,
): void {
  const session = { id: `preview-${name}`, title: name, room: null, stream } as unknown as Session;
  preview.replaceChildren(
    h('h2', { class: 'section-title' }, `${ctx.t('stage.test')}: ${name}`),
    stageSection(ctx, slug, session, { followSchedule: false }),
    button(ctx.t('stage.testClose'), () => preview.replaceChildren(), 'secondary'),
  );
  preview.scrollIntoView({ block: 'nearest' });
}

/**
 * "Test this stream" in the room form: plays what the form holds now, before it is saved. A new origin plays
 * only once saved (the page's Content-Security-Policy lists the configured origins), which the note says.
 */
export function formStreamTest(
  ctx: AppContext,
  slug: string,
  preview: HTMLElement,
  values: () => FormValues,
): HTMLElement {
  const note = h('p', { class: 'muted', attrs: { role: 'status' } });
  return h(
    'div',
    { class: 'stream-test' },
    button(
      ctx.t('stage.test'),
      () => {
        note.textContent = '';
        const current = values();
        let stream: Stream | null;
        try {
          stream = streamOf(ctx, current);
        } catch (error) {
          note.textContent = error instanceof Error ? error.message : String(error);
          return;
        }
        if (!stream) {
          note.textContent = ctx.t('stage.testNothing');
          return;
        }
        note.textContent = ctx.t('stage.testUnsaved');
        const name =
          typeof current['name'] === 'string' && current['name'] ? current['name'] : ctx.t('stage.test');
        showPreview(ctx, slug, preview, name, stream);
      },
      'secondary',
    ),
    note,
  );
}

/** The "Stage" cell of a room: test the stream in place, copy the overlay link, give the overlay a new key. */
export function roomStageCell(ctx: AppContext, slug: string, room: Room, preview: HTMLElement): HTMLElement {
  const stream = room.stream ?? null;
  const test = stream
    ? button(ctx.t('stage.test'), () => showPreview(ctx, slug, preview, room.name, stream), 'secondary', {
        'aria-label': `${ctx.t('stage.test')}: ${room.name}`,
      })
    : null;
  const overlayUrl = (key: string) =>
    `${location.origin}/events/${encodeURIComponent(slug)}/rooms/${encodeURIComponent(room.id)}/overlay?key=${encodeURIComponent(key)}`;
  const link = h('input', {
    class: 'mono overlay-link',
    attrs: {
      type: 'text',
      readonly: true,
      value: room.overlayKey ? overlayUrl(room.overlayKey) : '',
      size: 24,
    },
  });
  const rotate: HTMLButtonElement = button(
    ctx.t('stage.rotateKey'),
    () => {
      void withBusy(rotate, async () => {
        try {
          const rotated = await ctx.api.rotateOverlayKey(slug, room.id);
          link.value = rotated.overlayKey ? overlayUrl(rotated.overlayKey) : '';
          ctx.announce(ctx.t('stage.keyRotated'));
        } catch (error) {
          ctx.announce(errorMessage(ctx, error));
        }
      });
    },
    'secondary',
    { 'aria-label': `${ctx.t('stage.rotateKey')}: ${room.name}` },
  );
  return h(
    'div',
    { class: 'button-group' },
    test,
    h(
      'label',
      { class: 'stage-choice' },
      h('span', { class: 'visually-hidden' }, `${ctx.t('stage.overlayLink')}: ${room.name}`),
      link,
    ),
    rotate,
  );
}
