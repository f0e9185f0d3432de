import type { View } from '../../app-context';
import { h } from '../../ui/dom';

export const createEventView: View = (ctx) =>
  Promise.resolve({ title: '', element: h('p', null, ctx.t('app.loading')) });
