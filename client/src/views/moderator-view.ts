import type { View } from '../app-context';
import { h } from '../ui/dom';

export const moderatorView: View = (ctx) =>
  Promise.resolve({ title: '', element: h('p', null, ctx.t('app.loading')) });
