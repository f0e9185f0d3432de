import type uPlotType from 'uplot';

import type { AppContext } from '../../app-context';
import { h } from '../../ui/dom';

/**
 * Charts with uPlot (≈ 20 KB gzip), imported only by the analytics pages, with its stylesheet linked on
 * first use. Every chart is decorative next to its data table (the text alternative): the canvas is hidden
 * from assistive technology and the figure is labelled by its caption.
 */
type UPlot = typeof uPlotType;
let loading: Promise<UPlot> | null = null;

export function loadUPlot(): Promise<UPlot> {
  if (!loading) {
    if (!document.querySelector('link[data-uplot]')) {
      document.head.append(h('link', { attrs: { rel: 'stylesheet', href: '/uplot.css', 'data-uplot': '' } }));
    }
    loading = import('uplot').then((module) => module.default);
  }
  return loading;
}

/** People and messages come in whole numbers: no 0.5 ticks. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

export const SERIES_COLORS = ['#1f5fa8', '#b4461b', '#2e7d32', '#6a3d9a'];

export interface ChartSpec {
  /** Categorical x (bars) or minutes (a line over time). */
  kind: 'bars' | 'line';
  /** x values: indexes for bars, epoch seconds for lines. */
  x: number[];
  series: Array<{ label: string; values: number[] }>;
  /** Bars: the label of each category. */
  categories?: string[];
  yLabel: string;
}

function chartOptions(uPlot: UPlot, spec: ChartSpec, width: number): uPlotType.Options {
  const bars = spec.kind === 'bars';
  const categories = spec.categories ?? [];
  const barPaths = uPlot.paths.bars?.({ size: [0.7 / Math.max(1, spec.series.length), 60] });
  return {
    width,
    height: 260,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: bars
        ? { time: false, range: [-0.5, Math.max(0.5, spec.x.length - 0.5)] }
        : // A short series still spans at least ten minutes (a single point would stretch over years).
          { time: true, range: (_u, min, max) => (max - min < 600 ? [min - 300, max + 300] : [min, max]) },
      y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
    },
    axes: [
      bars
        ? {
            incrs: [1],
            values: (_u, splits) =>
              splits.map((split) => {
                const label = categories[split] ?? '';
                return label.length > 14 ? `${label.slice(0, 13)}…` : label;
              }),
          }
        : {},
      { label: spec.yLabel, incrs: COUNT_STEPS },
    ],
    series: [
      {},
      ...spec.series.map((series, index) => ({
        label: series.label,
        stroke: SERIES_COLORS[index % SERIES_COLORS.length],
        width: 2,
        fill: bars ? SERIES_COLORS[index % SERIES_COLORS.length] : undefined,
        ...(bars ? { paths: barPaths, points: { show: false } } : {}),
      })),
    ],
  };
}

/**
 * A figure: caption, the chart (drawn once uPlot has loaded), a colour key when there are several series,
 * and the data table. `table` is the accessible alternative and is always present.
 */
export function chartFigure(
  ctx: AppContext,
  options: { id: string; caption: string; summary: string; spec: ChartSpec; table: HTMLElement },
): HTMLElement {
  const canvasHost = h('div', { class: 'chart', attrs: { 'aria-hidden': 'true' } });
  const key =
    options.spec.series.length > 1
      ? h(
          'ul',
          { class: 'chart-key' },
          options.spec.series.map((series, index) =>
            h(
              'li',
              null,
              h('span', {
                class: 'chart-swatch',
                vars: { '--swatch': SERIES_COLORS[index % SERIES_COLORS.length] },
              }),
              series.label,
            ),
          ),
        )
      : null;
  const figure = h(
    'figure',
    { class: 'chart-figure', attrs: { 'aria-labelledby': `${options.id}-caption` } },
    h('figcaption', { id: `${options.id}-caption` }, options.caption),
    h('p', { class: 'chart-summary' }, options.summary),
    canvasHost,
    key,
    h('details', null, h('summary', null, ctx.t('analytics.dataTable')), options.table),
  );
  if (options.spec.x.length > 0) {
    void loadUPlot()
      .then((uPlot) => {
        const width = Math.max(280, Math.min(900, canvasHost.clientWidth || 640));
        const data: uPlotType.AlignedData = [options.spec.x, ...options.spec.series.map((s) => s.values)];
        new uPlot(chartOptions(uPlot, options.spec, width), data, canvasHost);
      })
      .catch(() => canvasHost.remove());
  } else {
    canvasHost.remove();
  }
  return figure;
}

/** A simple data table: a caption, a header row and rows of cells. */
export function dataTable(
  caption: string,
  header: string[],
  rows: Array<Array<string | number>>,
): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', null, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          header.map((cell) => h('th', { attrs: { scope: 'col' } }, cell)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            row.map((cell, index) =>
              index === 0 ? h('th', { attrs: { scope: 'row' } }, String(cell)) : h('td', null, String(cell)),
            ),
          ),
        ),
      ),
    ),
  );
}
