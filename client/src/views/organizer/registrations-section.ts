import type { EventInfo, Registration } from '../../api/types';
import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { downloadText, h, uid } from '../../ui/dom';
import { badge, button, errorMessage, messageSlot, withBusy } from '../common';

function answerText(value: unknown): string {
  if (Array.isArray(value)) {
    return value.join(', ');
  }
  if (typeof value === 'boolean') {
    return value ? '✓' : '✗';
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Registrations with approve / reject, CSV export, and granting the moderator role. */
export function registrationsSection(ctx: AppContext, event: EventInfo): HTMLElement {
  const status = messageSlot();
  const tableSlot = h('div', null, h('p', { class: 'muted' }, ctx.t('app.loading')));
  const filterId = uid('status');
  const filter = h(
    'select',
    { id: filterId },
    h('option', { attrs: { value: '' } }, ctx.t('agenda.all')),
    (['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled'] as const).map((value) =>
      h('option', { attrs: { value } }, ctx.t(`reg.status.${value}` as MessageKey)),
    ),
  );
  filter.addEventListener('change', () => void refresh());
  const exportButton: HTMLButtonElement = button(ctx.t('org.exportCsv'), () => {
    void withBusy(exportButton, async () => {
      try {
        downloadText(`registrations-${event.slug}.csv`, await ctx.api.registrationsCsv(event.slug));
      } catch (error) {
        status.show('error', errorMessage(ctx, error));
      }
    });
  });
  const act = (control: HTMLButtonElement, action: () => Promise<unknown>, done: string) =>
    void withBusy(control, async () => {
      try {
        await action();
        status.show('success', done);
        ctx.announce(done);
        await refresh();
      } catch (error) {
        status.show('error', errorMessage(ctx, error));
      }
    });
  const questions = event.registration?.fields ?? [];

  async function refresh(): Promise<void> {
    try {
      const items: Registration[] = await ctx.api.registrations(event.slug, filter.value || undefined);
      tableSlot.replaceChildren(
        items.length === 0
          ? h('p', { class: 'empty' }, ctx.t('org.noRegistrations'))
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                null,
                h('caption', { class: 'visually-hidden' }, ctx.t('org.registrations')),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.attendee')),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.regStatus')),
                    questions.map((question) => h('th', { attrs: { scope: 'col' } }, question.label)),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.actions')),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  items.map((registration) => {
                    const name = registration.user?.name ?? registration.name ?? '';
                    const email = registration.user?.email ?? registration.email ?? '';
                    const userId = registration.user?.id ?? registration.userId;
                    const actions: HTMLElement[] = [];
                    if (registration.status === 'pending' || registration.status === 'waitlisted') {
                      const approve: HTMLButtonElement = button(
                        ctx.t('org.approve'),
                        () =>
                          act(
                            approve,
                            () => ctx.api.approveRegistration(event.slug, registration.id),
                            ctx.t('org.saved'),
                          ),
                        'primary',
                        { 'aria-label': `${ctx.t('org.approve')}: ${name}` },
                      );
                      actions.push(approve);
                    }
                    if (
                      registration.status === 'pending' ||
                      registration.status === 'waitlisted' ||
                      registration.status === 'confirmed'
                    ) {
                      const reject: HTMLButtonElement = button(
                        ctx.t('org.reject'),
                        () =>
                          act(
                            reject,
                            () => ctx.api.rejectRegistration(event.slug, registration.id),
                            ctx.t('org.saved'),
                          ),
                        'danger',
                        { 'aria-label': `${ctx.t('org.reject')}: ${name}` },
                      );
                      actions.push(reject);
                    }
                    if (userId) {
                      const grant: HTMLButtonElement = button(
                        ctx.t('org.makeModerator'),
                        () =>
                          act(
                            grant,
                            () => ctx.api.grantStaff(event.slug, userId, 'moderator'),
                            ctx.t('org.granted'),
                          ),
                        'ghost',
                        { 'aria-label': `${ctx.t('org.makeModerator')}: ${name}` },
                      );
                      actions.push(grant);
                    }
                    return h(
                      'tr',
                      null,
                      h(
                        'td',
                        null,
                        h('strong', null, name),
                        h('br'),
                        h('span', { class: 'muted small' }, email),
                      ),
                      h(
                        'td',
                        null,
                        badge(ctx.t(`reg.status.${registration.status}` as MessageKey), registration.status),
                        registration.position ? ` #${registration.position}` : null,
                      ),
                      questions.map((question) =>
                        h('td', null, answerText(registration.answers?.[question.key])),
                      ),
                      h('td', null, h('div', { class: 'button-group' }, actions)),
                    );
                  }),
                ),
              ),
            ),
      );
    } catch (error) {
      tableSlot.replaceChildren(h('p', { class: 'alert alert-error' }, errorMessage(ctx, error)));
    }
  }
  void refresh();
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'filters-form' },
      h(
        'div',
        { class: 'field field-inline' },
        h('label', { attrs: { for: filterId } }, ctx.t('org.regStatus')),
        filter,
      ),
      exportButton,
    ),
    h('div', { class: 'spacer' }),
    status.element,
    tableSlot,
  );
}

/** Grant a role by user id (for people not in the registrations list). */
export function staffSection(ctx: AppContext, event: EventInfo): HTMLElement {
  const slot = messageSlot();
  const inputId = uid('user');
  const roleId = uid('role');
  const input = h('input', {
    id: inputId,
    attrs: { type: 'text', required: true, autocomplete: 'off', maxlength: 36 },
  });
  const role = h(
    'select',
    { id: roleId },
    h('option', { attrs: { value: 'moderator' } }, ctx.t('role.moderator')),
    h('option', { attrs: { value: 'organizer' } }, ctx.t('role.organizer')),
  );
  const form = h(
    'form',
    { class: 'form card' },
    h('p', { class: 'muted' }, ctx.t('org.staffHint')),
    slot.element,
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { attrs: { for: inputId } }, ctx.t('org.userId')), input),
      h('div', { class: 'field' }, h('label', { attrs: { for: roleId } }, ctx.t('org.role')), role),
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, ctx.t('org.grant')),
    ),
  );
  form.addEventListener('submit', (submit) => {
    submit.preventDefault();
    void withBusy(form, async () => {
      try {
        await ctx.api.grantStaff(
          event.slug,
          input.value.trim(),
          role.value === 'organizer' ? 'organizer' : 'moderator',
        );
        slot.show('success', ctx.t('org.granted'));
        input.value = '';
      } catch (error) {
        slot.show('error', errorMessage(ctx, error));
      }
    });
  });
  return form;
}
