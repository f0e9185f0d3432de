import {
  eventAnalytics,
  eventAnalyticsCsv,
  sessionAnalytics,
  type EventAnalytics,
} from '../../api/analytics-api';
import type { EventInfo } from '../../api/types';
import type { AppContext } from '../../app-context';
import { downloadText, h } from '../../ui/dom';
import { alertBox, button, errorMessage, messageSlot, selectField, withBusy } from '../common';
import {
  concurrencyFigure,
  countryFigure,
  engagementFigure,
  keyFigures,
  sessionsTable,
  viewersFigure,
} from './analytics-figures';
import { certificatesPanel } from './certificates-panel';

/** The session whose concurrency is charted first: the one with the highest peak. */
function busiestSession(analytics: EventAnalytics): string | undefined {
  return [...analytics.sessions].sort((a, b) => b.peakConcurrent - a.peakConcurrent)[0]?.sessionId;
}

/** Concurrency of one session, chosen in a select; the figure is replaced when the choice changes. */
function concurrencyPanel(ctx: AppContext, event: EventInfo, analytics: EventAnalytics): HTMLElement {
  const slot = h('div', { class: 'concurrency-slot', attrs: { 'aria-live': 'polite' } });
  const choice = selectField({
    label: ctx.t('analytics.chooseSession'),
    name: 'session',
    choices: analytics.sessions.map((s) => ({ value: s.sessionId, label: s.title })),
    value: busiestSession(analytics),
  });
  const show = async (sessionId: string): Promise<void> => {
    try {
      const detail = await sessionAnalytics(ctx, event.slug, sessionId);
      slot.replaceChildren(concurrencyFigure(ctx, detail, event.timezone));
    } catch (error) {
      slot.replaceChildren(alertBox('error', errorMessage(ctx, error)));
    }
  };
  choice.select.addEventListener('change', () => void show(choice.select.value));
  if (choice.select.value) {
    void show(choice.select.value);
  }
  return h('div', { class: 'concurrency-panel' }, choice.wrapper, slot);
}

/** The organizer console's Analytics tab: key figures, four charts with data tables, CSV, report, certificates. */
export function analyticsSection(ctx: AppContext, event: EventInfo): HTMLElement {
  const section = h(
    'section',
    { class: 'analytics-section', attrs: { 'aria-labelledby': 'analytics-heading' } },
    h('h2', { id: 'analytics-heading', class: 'section-title' }, ctx.t('analytics.title')),
    h('p', null, ctx.t('app.loading')),
  );
  const messages = messageSlot();
  void eventAnalytics(ctx, event.slug)
    .then((analytics) => {
      const csv = button(ctx.t('analytics.downloadCsv'), () => {
        void withBusy(csv, async () => {
          try {
            downloadText(`${event.slug}-analytics.csv`, await eventAnalyticsCsv(ctx, event.slug));
          } catch (error) {
            messages.show('error', errorMessage(ctx, error));
          }
        });
      });
      section.replaceChildren(
        h('h2', { id: 'analytics-heading', class: 'section-title' }, ctx.t('analytics.title')),
        h(
          'div',
          { class: 'button-group' },
          csv,
          h(
            'a',
            {
              class: 'button button-secondary',
              attrs: { href: `/events/${encodeURIComponent(event.slug)}/report` },
            },
            ctx.t('analytics.openReport'),
          ),
        ),
        messages.element,
        keyFigures(ctx, analytics),
        concurrencyPanel(ctx, event, analytics),
        viewersFigure(ctx, analytics.sessions),
        countryFigure(ctx, analytics),
        engagementFigure(ctx, analytics.sessions),
        sessionsTable(ctx, analytics.sessions),
        certificatesPanel(ctx, event),
      );
    })
    .catch((error: unknown) => {
      section.replaceChildren(alertBox('error', errorMessage(ctx, error)));
    });
  return section;
}
