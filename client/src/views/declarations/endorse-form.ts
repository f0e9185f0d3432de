import type { DeclarationsApi, Endorsement } from '../../api/declarations-api';
import type { Organization } from '../../api/types';
import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import {
  badge,
  button,
  errorMessage,
  field,
  messageSlot,
  selectField,
  showFieldErrors,
  withBusy,
  submitActions,
} from '../common';

const NEW_ORGANIZATION = '__new__';

/** The attendee's side: endorse on behalf of an organisation, then follow (or withdraw) what was sent. */
export function endorseSection(
  ctx: AppContext,
  api: DeclarationsApi,
  slug: string,
  declarationId: string,
  open: boolean,
): HTMLElement {
  const section = h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'endorse-heading' } },
    h('h2', { id: 'endorse-heading', class: 'section-title' }, ctx.t('decl.endorseTitle')),
  );
  if (!ctx.auth.user()) {
    section.append(
      h('p', null, ctx.t('decl.loginToEndorse')),
      h(
        'a',
        {
          class: 'button button-primary',
          attrs: { href: `/login?next=${encodeURIComponent(location.pathname)}` },
        },
        ctx.t('nav.login'),
      ),
    );
    return section;
  }
  const mineList = h('div', { class: 'my-endorsements' });
  const refreshMine = async () => {
    try {
      const mine = await api.mine(slug, declarationId);
      mineList.replaceChildren(
        mine.length === 0
          ? ''
          : h(
              'div',
              null,
              h('h3', { class: 'small-title' }, ctx.t('decl.mine')),
              h(
                'ul',
                { class: 'plain-list' },
                mine.map((item) => myEndorsementItem(ctx, api, slug, declarationId, item, refreshMine)),
              ),
            ),
      );
    } catch (error) {
      mineList.replaceChildren(h('p', { class: 'muted' }, errorMessage(ctx, error)));
    }
  };
  void refreshMine();
  section.append(mineList);
  if (!open) {
    section.append(h('p', { class: 'muted' }, ctx.t('decl.closedNote')));
    return section;
  }
  section.append(endorseForm(ctx, api, slug, declarationId, () => void refreshMine()));
  return section;
}

function myEndorsementItem(
  ctx: AppContext,
  api: DeclarationsApi,
  slug: string,
  declarationId: string,
  item: Endorsement,
  refresh: () => Promise<void>,
): HTMLElement {
  const status = item.status ?? 'pending';
  const withdraw =
    status === 'pending' || status === 'verified'
      ? button(ctx.t('decl.withdraw'), () => {
          if (!confirm(ctx.t('decl.withdrawConfirm', { name: item.organization.name }))) {
            return;
          }
          void withBusy(withdraw!, async () => {
            try {
              await api.withdraw(slug, declarationId, item.id);
              ctx.announce(ctx.t('decl.withdrawn'));
              await refresh();
            } catch (error) {
              ctx.announce(errorMessage(ctx, error));
            }
          });
        })
      : null;
  return h(
    'li',
    { class: 'my-endorsement' },
    h('strong', null, item.organization.name),
    ' ',
    badge(ctx.t(`decl.status.${status}` as MessageKey), `endorsement-${status}`),
    status === 'rejected' && item.rejectionReason
      ? h('p', null, `${ctx.t('decl.reason')}: ${item.rejectionReason}`)
      : null,
    withdraw,
  );
}

function endorseForm(
  ctx: AppContext,
  api: DeclarationsApi,
  slug: string,
  declarationId: string,
  onSent: () => void,
): HTMLFormElement {
  const message = messageSlot();
  const search = field({
    label: ctx.t('decl.searchOrganization'),
    name: 'organizationSearch',
    type: 'search',
    maxLength: 200,
  });
  const choice = selectField({
    label: ctx.t('decl.organization'),
    name: 'organizationId',
    required: true,
    choices: [{ value: '', label: ctx.t('decl.typeToSearch') }],
  });
  const newName = field({ label: ctx.t('decl.newOrganizationName'), name: 'newName', maxLength: 200 });
  const newCountry = field({
    label: ctx.t('decl.newOrganizationCountry'),
    name: 'newCountry',
    maxLength: 80,
  });
  const newFields = h(
    'fieldset',
    { class: 'nested' },
    h('legend', null, ctx.t('decl.newOrganization')),
    newName.wrapper,
    newCountry.wrapper,
  );
  newFields.hidden = true;
  const repName = field({
    label: ctx.t('decl.representativeName'),
    name: 'representativeName',
    required: true,
    maxLength: 200,
  });
  const repPosition = field({
    label: ctx.t('decl.representativePosition'),
    name: 'representativePosition',
    required: true,
    maxLength: 200,
  });
  const statement = field({
    label: ctx.t('decl.statement'),
    name: 'statement',
    multiline: true,
    maxLength: 2000,
    hint: ctx.t('decl.statementHint'),
  });
  let found: Organization[] = [];
  const fillChoices = () => {
    choice.select.replaceChildren(
      h(
        'option',
        { attrs: { value: '' } },
        found.length > 0 ? ctx.t('decl.pickOrganization') : ctx.t('decl.noOrganizationFound'),
      ),
      ...found.map((org) =>
        h('option', { attrs: { value: org.id } }, org.country ? `${org.name} (${org.country})` : org.name),
      ),
      h('option', { attrs: { value: NEW_ORGANIZATION } }, ctx.t('decl.addOrganization')),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.input.value.trim();
      if (!q) {
        return;
      }
      api
        .searchOrganizations(q)
        .then((items) => {
          found = items;
          fillChoices();
        })
        .catch((error: unknown) => message.show('error', errorMessage(ctx, error)));
    }, 250);
  });
  choice.select.addEventListener('change', () => {
    newFields.hidden = choice.select.value !== NEW_ORGANIZATION;
    if (!newFields.hidden) {
      newName.input.value = newName.input.value || search.input.value.trim();
    }
  });
  const form = h(
    'form',
    { class: 'form endorse-form', attrs: { novalidate: true } },
    h('p', { class: 'field-hint' }, ctx.t('decl.endorseIntro')),
    search.wrapper,
    choice.wrapper,
    newFields,
    repName.wrapper,
    repPosition.wrapper,
    statement.wrapper,
    message.element,
    submitActions(ctx.t('decl.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    message.clear();
    void withBusy(form, async () => {
      try {
        let organizationId = choice.select.value;
        if (organizationId === NEW_ORGANIZATION) {
          const organization = await api.createOrganization({
            name: newName.input.value.trim(),
            ...(newCountry.input.value.trim() ? { country: newCountry.input.value.trim() } : {}),
          });
          organizationId = organization.id;
          found = [organization, ...found];
          fillChoices();
          choice.select.value = organization.id;
          newFields.hidden = true;
        }
        if (!organizationId) {
          choice.setError([ctx.t('decl.pickOrganization')]);
          choice.select.focus();
          return;
        }
        choice.setError(undefined);
        const text = statement.input.value.trim();
        await api.endorse(slug, declarationId, {
          organizationId,
          representative: { name: repName.input.value.trim(), position: repPosition.input.value.trim() },
          ...(text ? { statement: text } : {}),
        });
        form.reset();
        message.show('success', ctx.t('decl.sent'));
        onSent();
      } catch (error) {
        showFieldErrors(error, {
          name: newName,
          country: newCountry,
          'representative.name': repName,
          'representative.position': repPosition,
          statement,
          organizationId: choice,
        });
        message.show('error', errorMessage(ctx, error));
      }
    });
  });
  return form;
}
