import {
  DeclarationsApi,
  type Declaration,
  type Endorsement,
  type EndorsementFilter,
} from '../../api/declarations-api';
import type { EventInfo } from '../../api/types';
import type { AppContext } from '../../app-context';
import { languageName } from '../../i18n/format';
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

const FILTERS: readonly EndorsementFilter[] = ['pending', 'verified', 'rejected', 'withdrawn', 'all'];

/** Organizer console tab: draft and publish declarations, and the verification queue of endorsements. */
export function declarationsSection(ctx: AppContext, event: EventInfo): HTMLElement {
  const api = new DeclarationsApi(ctx.http);
  const slug = event.slug;
  const message = messageSlot();
  const list = h('div', { class: 'declaration-admin-list' });
  const queue = h('div', { class: 'verification-queue' });
  let selected: string | null = null;

  const load = async () => {
    try {
      const declarations = await api.list(slug);
      list.replaceChildren(
        declarations.length === 0
          ? h('p', { class: 'muted' }, ctx.t('decl.none'))
          : h(
              'ul',
              { class: 'plain-list' },
              declarations.map((declaration) => declarationItem(declaration)),
            ),
      );
      const current =
        declarations.find((item) => item.id === selected) ??
        declarations.find((item) => item.status !== 'draft');
      if (current && current.status !== 'draft') {
        selected = current.id;
        queue.replaceChildren(verificationQueue(ctx, api, slug, current));
      }
    } catch (error) {
      message.show('error', errorMessage(ctx, error));
    }
  };

  const declarationItem = (declaration: Declaration): HTMLElement => {
    const actions: HTMLElement[] = [
      h(
        'a',
        {
          attrs: {
            href: `/events/${encodeURIComponent(slug)}/declarations/${encodeURIComponent(declaration.id)}`,
          },
        },
        ctx.t('decl.openPage'),
      ),
    ];
    const act = (label: string, run: () => Promise<unknown>, done: string) => {
      const control = button(label, () => {
        void withBusy(control, async () => {
          try {
            await run();
            ctx.announce(done);
            await load();
          } catch (error) {
            message.show('error', errorMessage(ctx, error));
          }
        });
      });
      actions.push(control);
    };
    if (declaration.status === 'draft') {
      act(ctx.t('decl.publish'), () => api.publish(slug, declaration.id), ctx.t('decl.published'));
    } else {
      const show = button(ctx.t('decl.showQueue'), () => {
        selected = declaration.id;
        queue.replaceChildren(verificationQueue(ctx, api, slug, declaration));
      });
      actions.push(show);
      if (declaration.status === 'open') {
        act(ctx.t('decl.close'), () => api.close(slug, declaration.id), ctx.t('decl.closed'));
      }
    }
    return h(
      'li',
      { class: 'declaration-admin-item' },
      h('strong', null, declaration.title),
      ' ',
      badge(ctx.t(`decl.state.${declaration.status}` as MessageKey), `declaration-${declaration.status}`),
      ' ',
      h('span', { class: 'muted' }, ctx.t('decl.count', { n: declaration.endorsements })),
      h('div', { class: 'form-actions' }, actions),
    );
  };

  void load();
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'declarations-heading' } },
    h('h2', { id: 'declarations-heading', class: 'section-title' }, ctx.t('org.declarations')),
    message.element,
    list,
    draftForm(ctx, api, event, () => void load()),
    queue,
  );
}

function draftForm(
  ctx: AppContext,
  api: DeclarationsApi,
  event: EventInfo,
  onCreated: () => void,
): HTMLElement {
  const message = messageSlot();
  const title = field({ label: ctx.t('decl.title'), name: 'title', required: true, maxLength: 300 });
  const texts = event.languages.map((lang) => ({
    lang,
    field: field({
      label: ctx.t('decl.textIn', { language: languageName(lang, ctx.locale) }),
      name: `texts.${lang}`,
      multiline: true,
      rows: 8,
      maxLength: 20000,
    }),
  }));
  const closesAt = field({
    label: ctx.t('decl.closesAt'),
    name: 'closesAt',
    type: 'datetime-local',
    hint: ctx.t('decl.closesAtHint'),
  });
  const form = h(
    'form',
    { class: 'form', attrs: { novalidate: true } },
    h('h3', { class: 'small-title' }, ctx.t('decl.newDraft')),
    title.wrapper,
    texts.map((item) => item.field.wrapper),
    closesAt.wrapper,
    message.element,
    submitActions(ctx.t('decl.saveDraft')),
  );
  form.addEventListener('submit', (submit) => {
    submit.preventDefault();
    message.clear();
    void withBusy(form, async () => {
      try {
        const filled = texts.filter((item) => item.field.input.value.trim() !== '');
        await api.create(event.slug, {
          title: title.input.value.trim(),
          texts: Object.fromEntries(filled.map((item) => [item.lang, item.field.input.value])),
          ...(closesAt.input.value ? { closesAt: new Date(closesAt.input.value).toISOString() } : {}),
        });
        form.reset();
        message.show('success', ctx.t('decl.draftSaved'));
        onCreated();
      } catch (error) {
        showFieldErrors(error, {
          title,
          closesAt,
          ...Object.fromEntries(texts.map((item) => [`texts.${item.lang}`, item.field])),
          texts: texts[0].field,
        });
        message.show('error', errorMessage(ctx, error));
      }
    });
  });
  return form;
}

/** The endorsements of one published declaration, filtered by status and organisation. */
function verificationQueue(
  ctx: AppContext,
  api: DeclarationsApi,
  slug: string,
  declaration: Declaration,
): HTMLElement {
  const message = messageSlot();
  const status = selectField({
    label: ctx.t('decl.filterStatus'),
    name: 'status',
    value: 'pending',
    choices: FILTERS.map((value) => ({ value, label: ctx.t(`decl.filter.${value}` as MessageKey) })),
  });
  const search = field({
    label: ctx.t('decl.filterOrganization'),
    name: 'q',
    type: 'search',
    maxLength: 200,
  });
  const rows = h('div', { class: 'queue-rows' });
  const count = h('p', { class: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refresh = async () => {
    try {
      const result = await api.endorsements(slug, declaration.id, {
        status: status.select.value as EndorsementFilter,
        q: search.input.value.trim() || undefined,
      });
      count.textContent = ctx.t('decl.queueCount', { shown: result.items.length, verified: result.total });
      rows.replaceChildren(
        result.items.length === 0
          ? h('p', { class: 'muted' }, ctx.t('decl.queueEmpty'))
          : h(
              'ul',
              { class: 'plain-list' },
              result.items.map((item) => queueItem(item)),
            ),
      );
    } catch (error) {
      message.show('error', errorMessage(ctx, error));
    }
  };

  const queueItem = (item: Endorsement): HTMLElement => {
    const itemStatus = item.status ?? 'verified';
    const actions: HTMLElement[] = [];
    const act = (
      label: string,
      variant: 'primary' | 'secondary' | 'danger',
      run: () => Promise<unknown>,
      done: string,
    ) => {
      const control = button(
        label,
        () => {
          void withBusy(control, async () => {
            try {
              await run();
              ctx.announce(done);
              await refresh();
            } catch (error) {
              message.show('error', errorMessage(ctx, error));
            }
          });
        },
        variant,
      );
      actions.push(control);
    };
    const reason = field({ label: ctx.t('decl.rejectReason'), name: 'reason', maxLength: 1000 });
    if (itemStatus === 'pending') {
      act(
        ctx.t('decl.verify'),
        'primary',
        () => api.verify(slug, declaration.id, item.id),
        ctx.t('decl.verified'),
      );
      actions.push(reason.wrapper);
      act(
        ctx.t('decl.reject'),
        'danger',
        async () => {
          const text = reason.input.value.trim();
          if (!text) {
            reason.setError([ctx.t('decl.reasonRequired')]);
            reason.input.focus();
            return;
          }
          await api.reject(slug, declaration.id, item.id, text);
        },
        ctx.t('decl.rejected'),
      );
    }
    if (itemStatus === 'pending' || itemStatus === 'verified') {
      act(
        ctx.t('decl.withdraw'),
        'secondary',
        () => api.withdraw(slug, declaration.id, item.id),
        ctx.t('decl.withdrawn'),
      );
    }
    return h(
      'li',
      { class: 'queue-item card' },
      h(
        'p',
        null,
        h('strong', null, item.organization.name),
        item.organization.country ? ` (${item.organization.country})` : '',
        ' ',
        badge(ctx.t(`decl.status.${itemStatus}` as MessageKey), `endorsement-${itemStatus}`),
      ),
      h('p', null, `${item.representative.name}, ${item.representative.position}`),
      item.statement ? h('p', { class: 'statement' }, item.statement) : null,
      item.rejectionReason ? h('p', null, `${ctx.t('decl.reason')}: ${item.rejectionReason}`) : null,
      h('div', { class: 'form-actions' }, actions),
    );
  };

  status.select.addEventListener('change', () => void refresh());
  search.input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 250);
  });
  void refresh();
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'queue-heading' } },
    h(
      'h3',
      { id: 'queue-heading', class: 'small-title' },
      ctx.t('decl.queueTitle', { title: declaration.title }),
    ),
    h('div', { class: 'filters' }, status.wrapper, search.wrapper),
    message.element,
    count,
    rows,
  );
}
