import type { EventAnalytics, SessionFigures, SessionFiguresDetail } from '../../api/analytics-api';
import type { AppContext } from '../../app-context';
import { formatNumber } from '../../i18n/format';
import { h } from '../../ui/dom';
import { chartFigure, dataTable } from './charts';

/** The figures of the organizers' analytics tab and of the printable report, built from the same data. */

const n = (ctx: AppContext, value: number): string => formatNumber(value, ctx.locale);

function timeOf(ctx: AppContext, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(ctx.locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(iso),
  );
}

/** The registration question charted "by country": `country` when the event asks it, else the first one. */
export function countryKey(analytics: EventAnalytics): string | null {
  const keys = Object.keys(analytics.registrations.byAnswer);
  return keys.includes('country') ? 'country' : (keys[0] ?? null);
}

export function viewersFigure(ctx: AppContext, sessions: SessionFigures[]): HTMLElement {
  const top = [...sessions].sort((a, b) => b.uniqueViewers - a.uniqueViewers)[0];
  return chartFigure(ctx, {
    id: 'chart-viewers',
    caption: ctx.t('analytics.viewersChart'),
    summary:
      top && top.uniqueViewers > 0
        ? ctx.t('analytics.viewersSummary', { title: top.title, count: n(ctx, top.uniqueViewers) })
        : ctx.t('analytics.noViewers'),
    spec: {
      kind: 'bars',
      x: sessions.map((_s, index) => index),
      categories: sessions.map((s) => s.title),
      series: [{ label: ctx.t('analytics.uniqueViewers'), values: sessions.map((s) => s.uniqueViewers) }],
      yLabel: ctx.t('analytics.uniqueViewers'),
    },
    table: dataTable(
      ctx.t('analytics.viewersChart'),
      [ctx.t('analytics.session'), ctx.t('analytics.uniqueViewers'), ctx.t('analytics.peakConcurrent')],
      sessions.map((s) => [s.title, n(ctx, s.uniqueViewers), n(ctx, s.peakConcurrent)]),
    ),
  });
}

export function engagementFigure(ctx: AppContext, sessions: SessionFigures[]): HTMLElement {
  const labels = {
    messages: ctx.t('analytics.messages'),
    questions: ctx.t('analytics.questions'),
    pollVotes: ctx.t('analytics.pollVotes'),
    reactions: ctx.t('analytics.reactions'),
  };
  const total = (key: keyof typeof labels): number => sessions.reduce((sum, s) => sum + s[key], 0);
  return chartFigure(ctx, {
    id: 'chart-engagement',
    caption: ctx.t('analytics.engagementChart'),
    summary: ctx.t('analytics.engagementSummary', {
      messages: n(ctx, total('messages')),
      questions: n(ctx, total('questions')),
      pollVotes: n(ctx, total('pollVotes')),
      reactions: n(ctx, total('reactions')),
    }),
    spec: {
      kind: 'bars',
      x: sessions.map((_s, index) => index),
      categories: sessions.map((s) => s.title),
      series: (Object.keys(labels) as Array<keyof typeof labels>).map((key) => ({
        label: labels[key],
        values: sessions.map((s) => s[key]),
      })),
      yLabel: ctx.t('analytics.count'),
    },
    table: dataTable(
      ctx.t('analytics.engagementChart'),
      [ctx.t('analytics.session'), labels.messages, labels.questions, labels.pollVotes, labels.reactions],
      sessions.map((s) => [
        s.title,
        n(ctx, s.messages),
        n(ctx, s.questions),
        n(ctx, s.pollVotes),
        n(ctx, s.reactions),
      ]),
    ),
  });
}

export function countryFigure(ctx: AppContext, analytics: EventAnalytics): HTMLElement {
  const key = countryKey(analytics);
  const answers = Object.entries(key ? analytics.registrations.byAnswer[key] : {}).sort(
    (a, b) => b[1] - a[1],
  );
  const caption =
    key === 'country' || key === null
      ? ctx.t('analytics.countryChart')
      : ctx.t('analytics.answerChart', { key });
  return chartFigure(ctx, {
    id: 'chart-countries',
    caption,
    summary:
      answers.length > 0
        ? ctx.t('analytics.countrySummary', {
            confirmed: n(ctx, analytics.registrations.confirmed),
            answer: answers[0][0],
            count: n(ctx, answers[0][1]),
          })
        : ctx.t('analytics.noAnswers'),
    spec: {
      kind: 'bars',
      x: answers.map((_a, index) => index),
      categories: answers.map(([answer]) => answer),
      series: [{ label: ctx.t('analytics.registrations'), values: answers.map(([, count]) => count) }],
      yLabel: ctx.t('analytics.registrations'),
    },
    table: dataTable(
      caption,
      [ctx.t('analytics.answer'), ctx.t('analytics.registrations')],
      answers.map(([answer, count]) => [answer, n(ctx, count)]),
    ),
  });
}

export function concurrencyFigure(
  ctx: AppContext,
  detail: SessionFiguresDetail,
  timeZone: string,
): HTMLElement {
  const series = detail.concurrency;
  return chartFigure(ctx, {
    id: 'chart-concurrency',
    caption: ctx.t('analytics.concurrencyChart', { title: detail.title }),
    summary:
      series.length > 0
        ? ctx.t('analytics.concurrencySummary', {
            peak: n(ctx, detail.peakConcurrent),
            from: timeOf(ctx, series[0].minute, timeZone),
            to: timeOf(ctx, series[series.length - 1].minute, timeZone),
          })
        : ctx.t('analytics.noViewers'),
    spec: {
      kind: 'line',
      x: series.map((point) => Date.parse(point.minute) / 1000),
      series: [{ label: ctx.t('analytics.present'), values: series.map((point) => point.count) }],
      yLabel: ctx.t('analytics.present'),
    },
    table: dataTable(
      ctx.t('analytics.concurrencyChart', { title: detail.title }),
      [ctx.t('analytics.minute'), ctx.t('analytics.present')],
      series.map((point) => [timeOf(ctx, point.minute, timeZone), n(ctx, point.count)]),
    ),
  });
}

/** Key figures as a definition list. */
export function keyFigures(ctx: AppContext, analytics: EventAnalytics): HTMLElement {
  const viewers = analytics.sessions.reduce((sum, s) => sum + s.uniqueViewers, 0);
  const items: Array<[string, string]> = [
    [ctx.t('analytics.registrationsTotal'), n(ctx, analytics.registrations.total)],
    [ctx.t('analytics.confirmed'), n(ctx, analytics.registrations.confirmed)],
    [ctx.t('analytics.sessionViewers'), n(ctx, viewers)],
    [
      ctx.t('analytics.peakConcurrent'),
      n(ctx, Math.max(0, ...analytics.sessions.map((s) => s.peakConcurrent))),
    ],
  ];
  return h(
    'dl',
    { class: 'key-figures' },
    items.map(([label, value]) => h('div', null, h('dt', null, label), h('dd', null, value))),
  );
}

/** Every session's figures in one table (also what the CSV holds). */
export function sessionsTable(ctx: AppContext, sessions: SessionFigures[]): HTMLElement {
  return dataTable(
    ctx.t('analytics.sessionsTable'),
    [
      ctx.t('analytics.session'),
      ctx.t('analytics.uniqueViewers'),
      ctx.t('analytics.peakConcurrent'),
      ctx.t('analytics.averageMinutes'),
      ctx.t('analytics.messages'),
      ctx.t('analytics.questions'),
      ctx.t('analytics.pollVotes'),
      ctx.t('analytics.reactions'),
    ],
    sessions.map((s) => [
      s.title,
      n(ctx, s.uniqueViewers),
      n(ctx, s.peakConcurrent),
      n(ctx, s.averageMinutes),
      n(ctx, s.messages),
      n(ctx, s.questions),
      n(ctx, s.pollVotes),
      n(ctx, s.reactions),
    ]),
  );
}
