import { eventAnalytics, sessionAnalytics } from '../../api/analytics-api';
import type { View } from '../../app-context';
import { formatDateRange } from '../../i18n/format';
import { h } from '../../ui/dom';
import { alertBox, button, errorView, pageHeader } from '../common';
import {
  concurrencyFigure,
  countryFigure,
  engagementFigure,
  keyFigures,
  sessionsTable,
  viewersFigure,
} from './analytics-figures';

/**
 * The printable event report a secretariat attaches to its summary: key figures, the charts with their
 * data tables opened, and the concurrency of the busiest session. Print CSS (styles.css, `@media print`)
 * hides the site chrome and keeps figures on one page each.
 */
export const reportView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  if (!ctx.auth.user()) {
    ctx.navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
    return { title: ctx.t('analytics.report'), element: h('p', null, ctx.t('app.loading')) };
  }
  try {
    const [event, analytics] = await Promise.all([ctx.api.event(slug), eventAnalytics(ctx, slug)]);
    if (event.role !== 'organizer') {
      return {
        title: ctx.t('analytics.report'),
        element: h('section', { class: 'page narrow' }, alertBox('error', ctx.t('org.forbidden'))),
      };
    }
    const busiest = [...analytics.sessions].sort((a, b) => b.peakConcurrent - a.peakConcurrent)[0];
    const concurrency =
      busiest && busiest.peakConcurrent > 0
        ? concurrencyFigure(ctx, await sessionAnalytics(ctx, slug, busiest.sessionId), event.timezone)
        : null;
    const element = h(
      'article',
      { class: 'page report-page' },
      h(
        'p',
        { class: 'breadcrumb no-print' },
        h(
          'a',
          { attrs: { href: `/events/${encodeURIComponent(slug)}/manage/analytics` } },
          `← ${ctx.t('analytics.title')}`,
        ),
      ),
      pageHeader(
        ctx.t('analytics.reportTitle', { title: event.title }),
        h('p', { class: 'lead' }, formatDateRange(event.startsOn, event.endsOn, ctx.locale)),
        h(
          'p',
          { class: 'report-generated' },
          ctx.t('analytics.generated', { date: new Date().toLocaleString(ctx.locale) }),
        ),
        h(
          'div',
          { class: 'no-print' },
          button(ctx.t('analytics.print'), () => window.print(), 'primary'),
        ),
      ),
      keyFigures(ctx, analytics),
      viewersFigure(ctx, analytics.sessions),
      concurrency,
      countryFigure(ctx, analytics),
      engagementFigure(ctx, analytics.sessions),
      sessionsTable(ctx, analytics.sessions),
    );
    // On paper every data table is shown.
    element.querySelectorAll('details').forEach((details) => (details.open = true));
    return { title: ctx.t('analytics.reportTitle', { title: event.title }), element };
  } catch (error) {
    return errorView(ctx, error);
  }
};
