import { AccountApi } from '../api/account-api';
import type { View } from '../app-context';
import { h } from '../ui/dom';
import {
  errorMessage,
  field,
  messageSlot,
  pageHeader,
  showFieldErrors,
  withBusy,
  submitActions,
} from './common';

/** `/forgot-password`: asks for a reset link; the answer is the same whether or not the address is known. */
export const forgotPasswordView: View = (ctx) => {
  const api = new AccountApi(ctx.http);
  const email = field({
    label: ctx.t('auth.email'),
    name: 'email',
    type: 'email',
    required: true,
    autocomplete: 'email',
  });
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    slot.element,
    h('p', null, ctx.t('account.forgotIntro')),
    email.wrapper,
    submitActions(ctx.t('account.sendLink')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    void withBusy(form, async () => {
      try {
        await api.forgotPassword(email.input.value.trim());
        slot.show('success', ctx.t('account.linkSent'));
        ctx.announce(ctx.t('account.linkSent'));
      } catch (error) {
        const shown = showFieldErrors(error, { email });
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return Promise.resolve({
    title: ctx.t('account.forgotTitle'),
    element: h(
      'section',
      { class: 'page narrow' },
      pageHeader(ctx.t('account.forgotTitle')),
      form,
      h('p', { class: 'form-footer' }, h('a', { attrs: { href: '/login' } }, ctx.t('nav.login'))),
    ),
  });
};

/** `/reset-password?token=…`: the page the mailed link opens. */
export const resetPasswordView: View = (ctx, _params, query) => {
  const api = new AccountApi(ctx.http);
  const token = query.get('token') ?? '';
  const password = field({
    label: ctx.t('account.newPassword'),
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    minLength: 10,
    hint: ctx.t('account.passwordHint'),
  });
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    slot.element,
    password.wrapper,
    submitActions(ctx.t('account.setPassword')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    void withBusy(form, async () => {
      try {
        ctx.auth.signIn(await api.resetPassword(token, password.input.value));
        ctx.announce(ctx.t('account.passwordReset'));
        ctx.navigate('/account', { replace: true });
      } catch (error) {
        const shown = showFieldErrors(error, { password });
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return Promise.resolve({
    title: ctx.t('account.resetTitle'),
    element: h(
      'section',
      { class: 'page narrow' },
      pageHeader(ctx.t('account.resetTitle')),
      token
        ? form
        : h(
            'p',
            { class: 'message message-error', attrs: { role: 'alert' } },
            ctx.t('apiError.RESET_LINK_INVALID'),
          ),
    ),
  });
};
