import type { Room, Session, Stream, StreamKind } from '../../api/types';
import type { AppContext } from '../../app-context';
import { h } from '../../ui/dom';
import { button, errorMessage, withBusy } from '../common';
import type { FieldDef, FormValues } from '../organizer/crud-section';
import { stageSection } from './stage';

const KINDS: readonly StreamKind[] = ['hls', 'embed', 'link'];

/** The organizer form's stream fields (kind, URL, backup); captions are set through the API. */
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
    { name: 'streamBackup', label: ctx.t('stage.backupUrl'), type: 'url', maxLength: 500, hint: 'https://' },
  ];
}

export function streamValues(room: Room): FormValues {
  const stream = room.stream ?? (room.streamUrl ? { kind: 'embed' as const, url: room.streamUrl } : null);
  return {
    streamKind: stream?.kind ?? '',
    streamMain: stream?.url ?? '',
    streamBackup: stream?.backupUrl ?? '',
  };
}

/** The form's stream fields → the API's `stream` (captions already set through the API are kept). */
export function withStream(body: Record<string, unknown>, room: Room | undefined): Record<string, unknown> {
  const { streamKind, streamMain, streamBackup, ...rest } = body;
  const kind = typeof streamKind === 'string' ? streamKind : '';
  if (kind === '' || typeof streamMain !== 'string' || streamMain === '') {
    return { ...rest, stream: null, streamUrl: null };
  }
  const stream: Stream = {
    kind: kind as StreamKind,
    url: streamMain,
    ...(typeof streamBackup === 'string' && streamBackup ? { backupUrl: streamBackup } : {}),
    ...(room?.stream?.captions ? { captions: room.stream.captions } : {}),
  };
  return { ...rest, stream, streamUrl: null };
}

/** The "Stage" cell of a room: test the stream in place, copy the overlay link, give the overlay a new key. */
export function roomStageCell(ctx: AppContext, slug: string, room: Room, preview: HTMLElement): HTMLElement {
  const stream = room.stream ?? null;
  const test = stream
    ? button(
        ctx.t('stage.test'),
        () => {
          const session = {
            id: `preview-${room.id}`,
            title: room.name,
            room: null,
            stream,
          } as unknown as Session;
          preview.replaceChildren(
            h('h2', { class: 'section-title' }, `${ctx.t('stage.test')}: ${room.name}`),
            stageSection(ctx, slug, session, { followSchedule: false }),
            button(ctx.t('stage.testClose'), () => preview.replaceChildren(), 'secondary'),
          );
          preview.scrollIntoView({ block: 'nearest' });
        },
        'secondary',
        { 'aria-label': `${ctx.t('stage.test')}: ${room.name}` },
      )
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
