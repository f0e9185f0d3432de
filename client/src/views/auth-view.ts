import type { AppContext, View } from '../app-context';
import { h } from '../ui/dom';
import { errorMessage, field, messageSlot, pageHeader, showFieldErrors, withBusy } from './common';

/** Only same-site paths are followed after login (no open redirect). */
export function safeReturnPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

function authForm(ctx: AppContext, mode: 'login' | 'signup', query: URLSearchParams): HTMLElement {
  const next = safeReturnPath(query.get('next'));
  const name = field({
    label: ctx.t('auth.name'),
    name: 'name',
    required: true,
    autocomplete: 'name',
    maxLength: 100,
  });
  const email = field({
    label: ctx.t('auth.email'),
    name: 'email',
    type: 'email',
    required: true,
    autocomplete: 'email',
  });
  const password = field({
    label: ctx.t('auth.password'),
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: mode === 'login' ? 'current-password' : 'new-password',
    minLength: mode === 'signup' ? 8 : undefined,
    hint: mode === 'signup' ? ctx.t('auth.passwordHint') : undefined,
  });
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    slot.element,
    mode === 'signup' ? name.wrapper : null,
    email.wrapper,
    password.wrapper,
    h(
      'div',
      { class: 'form-actions' },
      h(
        'button',
        { class: 'button button-primary', attrs: { type: 'submit' } },
        mode === 'login' ? ctx.t('auth.submitLogin') : ctx.t('auth.submitSignup'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    void withBusy(form, async () => {
      try {
        const response =
          mode === 'login'
            ? await ctx.api.login({ email: email.input.value.trim(), password: password.input.value })
            : await ctx.api.register({
                email: email.input.value.trim(),
                password: password.input.value,
                name: name.input.value.trim(),
              });
        ctx.auth.signIn(response);
        ctx.navigate(next, { replace: true });
      } catch (error) {
        const shown = showFieldErrors(error, { name, email, password });
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  const otherPath = mode === 'login' ? '/signup' : '/login';
  const otherHref = next === '/' ? otherPath : `${otherPath}?next=${encodeURIComponent(next)}`;
  return h(
    'section',
    { class: 'page narrow' },
    pageHeader(mode === 'login' ? ctx.t('auth.loginTitle') : ctx.t('auth.signupTitle')),
    form,
    mode === 'login'
      ? h(
          'p',
          { class: 'form-footer' },
          h('a', { attrs: { href: '/forgot-password' } }, ctx.t('account.forgotLink')),
        )
      : null,
    h(
      'p',
      { class: 'form-footer' },
      mode === 'login' ? ctx.t('auth.noAccount') : ctx.t('auth.haveAccount'),
      ' ',
      h('a', { attrs: { href: otherHref } }, mode === 'login' ? ctx.t('nav.signup') : ctx.t('nav.login')),
    ),
  );
}

export const loginView: View = (ctx, _params, query) =>
  Promise.resolve({ title: ctx.t('auth.loginTitle'), element: authForm(ctx, 'login', query) });

export const signupView: View = (ctx, _params, query) =>
  Promise.resolve({ title: ctx.t('auth.signupTitle'), element: authForm(ctx, 'signup', query) });
