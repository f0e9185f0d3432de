import { downloadText } from '../../ui/dom';
import { button, errorMessage, withBusy } from '../common';
import { liveErrorMessage } from '../live-errors';
import { sessionStatusBadge } from '../session-view';
import type { ConsoleDeps } from './console-deps';

/**
 * Renders the session's status badge and the moderator's buttons (live, ended, open or close Q&A, export)
 * from the live session store; call it again whenever the session changes.
 */
export function renderSessionControls(
  deps: ConsoleDeps,
  target: { slug: string; sessionId: string; statusSlot: HTMLElement; controls: HTMLElement },
): void {
  const { ctx, live, client, report } = deps;
  const { slug, sessionId, statusSlot, controls } = target;
  const setStatus = (status: 'live' | 'ended', qaOpen: boolean | undefined, control: HTMLButtonElement) =>
    void withBusy(control, async () => {
      try {
        const { session: updated } = await client.request('session:set-status', {
          sessionId,
          status,
          ...(qaOpen === undefined ? {} : { qaOpen }),
        });
        live.session.set(updated);
      } catch (error) {
        report('error', liveErrorMessage(ctx, error));
      }
    });
  const current = live.session.get();
  const isLive = current?.liveStatus === 'live';
  const qaOpen = current?.qa.open ?? true;
  statusSlot.replaceChildren(
    current
      ? (sessionStatusBadge(ctx, {
          cancelled: current.status === 'cancelled',
          liveStatus: current.liveStatus,
        }) ?? '')
      : '',
  );
  const markLive: HTMLButtonElement = button(
    ctx.t('mod.markLive'),
    () => setStatus('live', undefined, markLive),
    'primary',
    { disabled: isLive },
  );
  const markEnded: HTMLButtonElement = button(
    ctx.t('mod.markEnded'),
    () => setStatus('ended', undefined, markEnded),
    'secondary',
    { disabled: current?.liveStatus === 'ended' },
  );
  const toggleQa: HTMLButtonElement = button(
    qaOpen ? ctx.t('mod.closeQa') : ctx.t('mod.openQa'),
    () => setStatus(current?.liveStatus === 'ended' ? 'ended' : 'live', !qaOpen, toggleQa),
    'secondary',
  );
  const exportQa: HTMLButtonElement = button(
    ctx.t('mod.export'),
    () => {
      void withBusy(exportQa, async () => {
        try {
          downloadText(
            `questions-${slug}-${sessionId.slice(0, 8)}.csv`,
            await ctx.api.questionsCsv(slug, sessionId),
          );
        } catch (error) {
          report('error', errorMessage(ctx, error));
        }
      });
    },
    'ghost',
  );
  controls.replaceChildren(markLive, markEnded, toggleQa, exportQa);
}
