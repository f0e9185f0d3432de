import { myCertificatePdf } from '../api/analytics-api';
import { ApiError } from '../api/http-client';
import type { EventInfo } from '../api/types';
import type { AppContext } from '../app-context';
import { h } from '../ui/dom';
import { button, errorMessage, withBusy } from './common';

/** "Certificate of attendance" for a registered attendee of an event that issues them: downloads the PDF. */
export function certificateButton(ctx: AppContext, event: EventInfo): HTMLElement | null {
  if (!event.certificates || !ctx.auth.user()) {
    return null;
  }
  const note = h('p', { class: 'certificate-note', attrs: { role: 'status' } });
  const download = button(ctx.t('certificate.download'), () => {
    note.textContent = '';
    void withBusy(download, async () => {
      try {
        const pdf = await myCertificatePdf(ctx, event.slug);
        const url = URL.createObjectURL(pdf);
        const link = h('a', { attrs: { download: `${event.slug}-certificate.pdf` } });
        link.href = url;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      } catch (error) {
        note.textContent =
          error instanceof ApiError &&
          error.code === 'NOT_ELIGIBLE' &&
          typeof error.details['minMinutes'] === 'number'
            ? ctx.t('certificate.notYet', {
                minutes: Number(error.details['minutes'] ?? 0),
                minMinutes: Number(error.details['minMinutes']),
              })
            : errorMessage(ctx, error);
      }
    });
  });
  return h('div', { class: 'certificate-action' }, download, note);
}
