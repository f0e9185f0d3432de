import { verifyCertificate } from '../../api/analytics-api';
import type { View } from '../../app-context';
import { formatNumber } from '../../i18n/format';
import { h } from '../../ui/dom';
import { alertBox, errorView, pageHeader } from '../common';

/** The public page a certificate's URL and QR code open: who, which event, how long, still valid or not. */
export const certificateView: View = async (ctx, params) => {
  const code = params['code'] ?? '';
  try {
    const certificate = await verifyCertificate(ctx, code);
    const rows: Array<[string, string | HTMLElement]> = [
      [ctx.t('certificate.name'), certificate.name],
      [
        ctx.t('certificate.event'),
        h(
          'a',
          { attrs: { href: `/events/${encodeURIComponent(certificate.event.slug)}` } },
          certificate.event.title,
        ),
      ],
      [ctx.t('certificate.minutes'), formatNumber(certificate.minutes, ctx.locale)],
      [ctx.t('certificate.issuedAt'), new Date(certificate.issuedAt).toLocaleDateString(ctx.locale)],
      [ctx.t('certificate.code'), h('span', { class: 'mono' }, certificate.code)],
    ];
    return {
      title: ctx.t('certificate.verifyTitle'),
      element: h(
        'section',
        { class: 'page narrow certificate-page' },
        pageHeader(ctx.t('certificate.verifyTitle')),
        certificate.valid
          ? alertBox('success', ctx.t('certificate.isValid'))
          : alertBox('error', ctx.t('certificate.isRevoked')),
        h(
          'dl',
          { class: 'certificate-facts' },
          rows.map(([label, value]) => h('div', null, h('dt', null, label), h('dd', null, value))),
        ),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
