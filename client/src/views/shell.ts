import type { AppContext } from '../app-context';
import { LOCALES, type Locale } from '../i18n/i18n';
import { h, uid } from '../ui/dom';

/** The header: brand, navigation, language switch and the account menu. */
export function renderHeader(
  ctx: AppContext,
  currentPath: string,
  onLocale: (locale: Locale) => void,
  onLogout: () => void,
): HTMLElement {
  const user = ctx.auth.user();
  const selectId = uid('lang');
  const select = h(
    'select',
    { id: selectId, class: 'lang-select' },
    Object.entries(LOCALES).map(([code, info]) => {
      const option = h('option', { attrs: { value: code, lang: code } }, info.label);
      option.selected = code === ctx.locale;
      return option;
    }),
  );
  select.addEventListener('change', () => onLocale(select.value as Locale));
  const next = encodeURIComponent(currentPath);
  const link = (href: string, label: string) =>
    h(
      'a',
      { class: 'nav-link', attrs: { href, 'aria-current': currentPath === href ? 'page' : undefined } },
      label,
    );
  return h(
    'div',
    { class: 'header-inner' },
    h(
      'a',
      { class: 'brand', attrs: { href: '/' } },
      h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'P'),
      h('span', { class: 'brand-name' }, ctx.t('app.name')),
    ),
    h(
      'nav',
      { class: 'site-nav', attrs: { 'aria-label': ctx.t('nav.main') } },
      h(
        'ul',
        null,
        h('li', null, link('/', ctx.t('nav.events'))),
        user ? h('li', null, link('/me', ctx.t('nav.myAgenda'))) : null,
        user ? h('li', null, link('/account', ctx.t('nav.profile'))) : null,
      ),
    ),
    h(
      'div',
      { class: 'header-tools' },
      h(
        'div',
        { class: 'lang-switch' },
        h('label', { class: 'visually-hidden', attrs: { for: selectId } }, ctx.t('app.language')),
        h('span', { class: 'lang-icon', attrs: { 'aria-hidden': 'true' } }, '文A'),
        select,
      ),
      user
        ? h(
            'div',
            { class: 'account' },
            h(
              'span',
              { class: 'account-name', attrs: { title: ctx.t('nav.account', { name: user.name }) } },
              user.name,
            ),
            h(
              'button',
              {
                class: 'button button-ghost button-small',
                attrs: { type: 'button' },
                on: { click: onLogout },
              },
              ctx.t('nav.logout'),
            ),
          )
        : h(
            'div',
            { class: 'account' },
            h(
              'a',
              { class: 'button button-ghost button-small', attrs: { href: `/login?next=${next}` } },
              ctx.t('nav.login'),
            ),
            h(
              'a',
              { class: 'button button-primary button-small', attrs: { href: `/signup?next=${next}` } },
              ctx.t('nav.signup'),
            ),
          ),
    ),
  );
}
