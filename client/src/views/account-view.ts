import { AccountApi, type AccountLocale, type Profile } from '../api/account-api';
import type { AppContext, View } from '../app-context';
import { downloadText, h } from '../ui/dom';
import {
  checkboxField,
  errorMessage,
  field,
  messageSlot,
  pageHeader,
  selectField,
  showFieldErrors,
  withBusy,
  submitActions,
} from './common';

const LANGUAGES: { value: AccountLocale; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
  { value: 'ru', label: 'Русский' },
];

/** Time zones the browser knows, for the time zone picker ("" = each event's own zone). */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Berlin', 'Europe/Moscow', 'Asia/Shanghai'];
}

function settingsForm(ctx: AppContext, api: AccountApi, profile: Profile): HTMLElement {
  const name = field({
    label: ctx.t('auth.name'),
    name: 'name',
    required: true,
    maxLength: 120,
    value: profile.name,
  });
  const language = selectField({
    label: ctx.t('account.mailLanguage'),
    name: 'locale',
    choices: LANGUAGES,
    value: profile.locale,
  });
  const timezone = selectField({
    label: ctx.t('account.timezone'),
    name: 'timezone',
    choices: [
      { value: '', label: ctx.t('account.eventTimezone') },
      ...timeZones().map((z) => ({ value: z, label: z })),
    ],
    value: profile.timezone ?? '',
  });
  const reminders = checkboxField(
    ctx.t('account.reminders'),
    'reminders',
    profile.reminders,
    ctx.t('account.remindersHint'),
  );
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true, 'aria-labelledby': 'account-settings' } },
    h('h2', { id: 'account-settings' }, ctx.t('account.settings')),
    slot.element,
    name.wrapper,
    language.wrapper,
    timezone.wrapper,
    reminders.wrapper,
    submitActions(ctx.t('account.save')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    void withBusy(form, async () => {
      try {
        await api.updateProfile({
          name: name.input.value.trim(),
          locale: language.select.value as AccountLocale,
          timezone: timezone.select.value || null,
          reminders: reminders.input.checked,
        });
        slot.show('success', ctx.t('account.saved'));
        ctx.announce(ctx.t('account.saved'));
      } catch (error) {
        const shown = showFieldErrors(error, { name, locale: language, timezone });
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return form;
}

function passwordForm(ctx: AppContext, api: AccountApi): HTMLElement {
  const current = field({
    label: ctx.t('account.currentPassword'),
    name: 'current',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const next = field({
    label: ctx.t('account.newPassword'),
    name: 'next',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    minLength: 10,
    hint: ctx.t('account.passwordHint'),
  });
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true, 'aria-labelledby': 'account-password' } },
    h('h2', { id: 'account-password' }, ctx.t('account.passwordTitle')),
    slot.element,
    current.wrapper,
    next.wrapper,
    submitActions(ctx.t('account.changePassword')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    void withBusy(form, async () => {
      try {
        const profile = await api.updateProfile({
          password: { current: current.input.value, next: next.input.value },
        });
        if (profile.accessToken) {
          ctx.auth.signIn({
            accessToken: profile.accessToken,
            user: { id: profile.id, name: profile.name, email: profile.email },
          });
        }
        current.input.value = '';
        next.input.value = '';
        slot.show('success', ctx.t('account.passwordChanged'));
        ctx.announce(ctx.t('account.passwordChanged'));
      } catch (error) {
        const shown = showFieldErrors(error, {
          current,
          next,
          'password.current': current,
          'password.next': next,
        });
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return form;
}

function dataSection(ctx: AppContext, api: AccountApi): HTMLElement {
  const slot = messageSlot();
  const exportButton = h(
    'button',
    { class: 'button button-secondary', attrs: { type: 'button' } },
    ctx.t('account.export'),
  );
  exportButton.addEventListener('click', () => {
    slot.clear();
    void withBusy(exportButton, async () => {
      try {
        const data = await api.exportData();
        // Through downloadText: h() drops a blob: href as unsafe, which left this button doing nothing.
        downloadText('plenary-account.json', JSON.stringify(data, null, 2), 'application/json');
      } catch (error) {
        slot.show('error', errorMessage(ctx, error));
      }
    });
  });
  const everywhere = h(
    'button',
    { class: 'button button-secondary', attrs: { type: 'button' } },
    ctx.t('account.logoutAll'),
  );
  everywhere.addEventListener('click', () => {
    void withBusy(everywhere, async () => {
      try {
        await api.logoutEverywhere();
      } catch {
        // Signed out either way: the token is no longer usable.
      }
      ctx.auth.signOut();
      ctx.announce(ctx.t('auth.loggedOut'));
      ctx.navigate('/login', { replace: true });
    });
  });
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'account-data' } },
    h('h2', { id: 'account-data' }, ctx.t('account.dataTitle')),
    slot.element,
    h('p', null, ctx.t('account.exportHint')),
    h('div', { class: 'form-actions' }, exportButton, everywhere),
  );
}

function deleteSection(ctx: AppContext, api: AccountApi): HTMLElement {
  const password = field({
    label: ctx.t('account.confirmPassword'),
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const confirm = checkboxField(ctx.t('account.deleteConfirm'), 'confirm', false);
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card danger-zone', attrs: { novalidate: true, 'aria-labelledby': 'account-delete' } },
    h('h2', { id: 'account-delete' }, ctx.t('account.deleteTitle')),
    h('p', null, ctx.t('account.deleteHint')),
    slot.element,
    password.wrapper,
    confirm.wrapper,
    submitActions(ctx.t('account.delete'), 'danger'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    if (!confirm.input.checked) {
      slot.show('error', ctx.t('account.deleteConfirmNeeded'));
      confirm.input.focus();
      return;
    }
    void withBusy(form, async () => {
      try {
        await api.deleteAccount(password.input.value);
        ctx.auth.signOut();
        ctx.announce(ctx.t('account.deleted'));
        ctx.navigate('/', { replace: true });
      } catch (error) {
        showFieldErrors(error, { password });
        slot.show('error', errorMessage(ctx, error));
      }
    });
  });
  return form;
}

/** `/account`: profile, language, time zone, reminders, password, export, sign out everywhere, deletion. */
export const accountView: View = async (ctx) => {
  if (!ctx.auth.user()) {
    ctx.navigate('/login?next=%2Faccount', { replace: true });
    return { title: ctx.t('account.title'), element: h('section', { class: 'page narrow' }) };
  }
  const api = new AccountApi(ctx.http);
  const profile = await api.profile();
  return {
    title: ctx.t('account.title'),
    element: h(
      'section',
      { class: 'page narrow' },
      pageHeader(ctx.t('account.title'), h('p', { class: 'page-lead' }, profile.email)),
      settingsForm(ctx, api, profile),
      passwordForm(ctx, api),
      dataSection(ctx, api),
      deleteSection(ctx, api),
    ),
  };
};
