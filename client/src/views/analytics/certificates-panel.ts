import {
  certificates,
  revokeCertificate,
  setCertificateRule,
  type CertificateInfo,
} from '../../api/analytics-api';
import type { EventInfo } from '../../api/types';
import type { AppContext } from '../../app-context';
import { formatNumber } from '../../i18n/format';
import { h, uid } from '../../ui/dom';
import { alertBox, button, errorMessage, messageSlot, withBusy, submitActions } from '../common';

/** Organizers: the certificate rule (minutes attended) and the issued certificates, each revocable. */
export function certificatesPanel(ctx: AppContext, event: EventInfo): HTMLElement {
  const messages = messageSlot();
  const inputId = uid('min-minutes');
  const input = h('input', {
    id: inputId,
    attrs: {
      type: 'number',
      name: 'minMinutes',
      min: 1,
      max: 100000,
      inputmode: 'numeric',
      value: event.certificates ? String(event.certificates.minMinutes) : '',
    },
  });
  const form = h(
    'form',
    { class: 'inline-form', attrs: { novalidate: true } },
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: inputId } }, ctx.t('certificate.minMinutes')),
      input,
      h('p', { class: 'field-hint' }, ctx.t('certificate.minMinutesHint')),
    ),
    submitActions(ctx.t('org.save')),
  );
  form.addEventListener('submit', (submit) => {
    submit.preventDefault();
    const value = input.value.trim();
    void withBusy(form, async () => {
      try {
        await setCertificateRule(ctx, event.slug, value === '' ? null : Number(value));
        messages.show('success', ctx.t('certificate.ruleSaved'));
      } catch (error) {
        messages.show('error', errorMessage(ctx, error));
      }
    });
  });

  const list = h('div', { class: 'certificate-list' }, h('p', null, ctx.t('app.loading')));
  const render = (items: CertificateInfo[]): void => {
    if (items.length === 0) {
      list.replaceChildren(h('p', null, ctx.t('certificate.none')));
      return;
    }
    list.replaceChildren(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          null,
          h('caption', null, ctx.t('certificate.issued')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              [
                ctx.t('certificate.name'),
                ctx.t('certificate.code'),
                ctx.t('certificate.minutes'),
                ctx.t('certificate.status'),
                ctx.t('certificate.actions'),
              ].map((label) => h('th', { attrs: { scope: 'col' } }, label)),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((item) => {
              const revoke = item.valid
                ? button(
                    ctx.t('certificate.revoke'),
                    () => {
                      if (!confirm(ctx.t('certificate.revokeConfirm', { name: item.name }))) {
                        return;
                      }
                      void withBusy(revoke!, async () => {
                        try {
                          await revokeCertificate(ctx, event.slug, item.code);
                          ctx.announce(ctx.t('certificate.revoked'));
                          render(await certificates(ctx, event.slug));
                        } catch (error) {
                          messages.show('error', errorMessage(ctx, error));
                        }
                      });
                    },
                    'danger',
                    { 'aria-label': ctx.t('certificate.revokeFor', { name: item.name }) },
                  )
                : null;
              return h(
                'tr',
                null,
                h('th', { attrs: { scope: 'row' } }, item.name),
                h(
                  'td',
                  { class: 'mono' },
                  h('a', { attrs: { href: `/certificates/${item.code}` } }, item.code),
                ),
                h('td', null, formatNumber(item.minutes, ctx.locale)),
                h('td', null, item.valid ? ctx.t('certificate.valid') : ctx.t('certificate.revokedStatus')),
                h('td', null, revoke ?? '—'),
              );
            }),
          ),
        ),
      ),
    );
  };
  void certificates(ctx, event.slug)
    .then(render)
    .catch((error: unknown) => list.replaceChildren(alertBox('error', errorMessage(ctx, error))));

  return h(
    'section',
    { class: 'card certificates-panel', attrs: { 'aria-labelledby': 'certificates-heading' } },
    h('h3', { id: 'certificates-heading' }, ctx.t('certificate.title')),
    form,
    messages.element,
    list,
  );
}
