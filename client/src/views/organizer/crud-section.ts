import type { AppContext } from '../../app-context';
import { h, type Child } from '../../ui/dom';
import {
  button,
  checkboxField,
  errorMessage,
  field,
  messageSlot,
  selectField,
  showFieldErrors,
  withBusy,
  type SelectOption,
} from '../common';

export interface FieldDef {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'url' | 'email' | 'color' | 'date' | 'textarea' | 'select' | 'checkbox';
  required?: boolean;
  maxLength?: number;
  options?: () => SelectOption[];
  hint?: string;
}

export type FormValues = Record<string, string | boolean>;

export interface Control {
  wrapper: HTMLElement;
  get(): string | boolean;
  set(value: string | boolean): void;
  setError(messages: string[] | undefined): void;
}

/** One form control built from its definition (also used outside crud forms: the session's stream). */
export function control(def: FieldDef): Control {
  if (def.type === 'select') {
    const item = selectField({
      label: def.label,
      name: def.name,
      choices: def.options?.() ?? [],
      required: def.required,
    });
    return {
      wrapper: item.wrapper,
      get: () => item.select.value,
      set: (v) => (item.select.value = String(v)),
      setError: item.setError,
    };
  }
  if (def.type === 'checkbox') {
    const item = checkboxField(def.label, def.name, false, def.hint);
    return {
      wrapper: item.wrapper,
      get: () => item.input.checked,
      set: (v) => (item.input.checked = v === true),
      setError: () => undefined,
    };
  }
  const item = field({
    label: def.label,
    name: def.name,
    type: def.type === 'textarea' ? undefined : (def.type ?? 'text'),
    multiline: def.type === 'textarea',
    required: def.required,
    maxLength: def.maxLength,
    hint: def.hint,
  });
  if (def.type === 'textarea') {
    item.wrapper.classList.add('span-all');
  }
  return {
    wrapper: item.wrapper,
    get: () => item.input.value.trim(),
    set: (v) => (item.input.value = String(v)),
    setError: item.setError,
  };
}

/** A form built from field definitions, with inline field errors from `details.fields`. */
export function definedForm(
  ctx: AppContext,
  defs: readonly FieldDef[],
  options: {
    submitLabel: string;
    onSubmit: (values: FormValues) => Promise<void>;
    onCancel?: () => void;
    extra?: Child;
  },
): {
  form: HTMLFormElement;
  fill(values: FormValues): void;
  reset(): void;
  controls: Record<string, Control>;
  slot: ReturnType<typeof messageSlot>;
} {
  const controls: Record<string, Control> = {};
  for (const def of defs) {
    controls[def.name] = control(def);
  }
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    slot.element,
    h(
      'div',
      { class: 'form-grid' },
      Object.values(controls).map((c) => c.wrapper),
    ),
    options.extra ?? null,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, options.submitLabel),
      options.onCancel ? button(ctx.t('org.cancel'), options.onCancel, 'ghost') : null,
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    slot.clear();
    const values: FormValues = {};
    for (const [name, c] of Object.entries(controls)) {
      values[name] = c.get();
    }
    void withBusy(form, async () => {
      try {
        showFieldErrors(null, controls);
        await options.onSubmit(values);
      } catch (error) {
        const shown = showFieldErrors(error, controls);
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return {
    form,
    controls,
    slot,
    fill(values) {
      for (const [name, value] of Object.entries(values)) {
        controls[name]?.set(value);
      }
    },
    reset() {
      form.reset();
      showFieldErrors(null, controls);
    },
  };
}

/** Strings to a PATCH/POST body: empty optional text → null on edit, left out on create. */
export function toBody(
  values: FormValues,
  defs: readonly FieldDef[],
  editing: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const def of defs) {
    const value = values[def.name];
    if (typeof value === 'boolean') {
      body[def.name] = value;
    } else if (value === undefined || value === '') {
      if (editing && !def.required) {
        body[def.name] = null;
      }
    } else if (def.type === 'number') {
      body[def.name] = Number(value);
    } else {
      body[def.name] = value;
    }
  }
  return body;
}

export interface CrudOptions<T extends { id: string }> {
  title: string;
  fields: readonly FieldDef[];
  columns: { label: string; value: (item: T) => Child }[];
  load: () => Promise<T[]>;
  create: (body: Record<string, unknown>) => Promise<unknown>;
  update: (id: string, body: Record<string, unknown>) => Promise<unknown>;
  remove?: (id: string) => Promise<unknown>;
  toValues: (item: T) => FormValues;
  nameOf: (item: T) => string;
  /** Shown in the form above its buttons, given the form's current values (e.g. the rooms' stream test). */
  formExtra?: (values: () => FormValues) => Child;
}

/** A table of items with add, edit and delete: rooms, tracks, speakers, organisations. */
export function crudSection<T extends { id: string }>(ctx: AppContext, options: CrudOptions<T>): HTMLElement {
  const tableSlot = h('div', null, h('p', { class: 'muted' }, ctx.t('app.loading')));
  const status = messageSlot();
  let editing: T | null = null;
  const formTitle = h('h2', { class: 'section-title' });
  const built = definedForm(ctx, options.fields, {
    submitLabel: ctx.t('org.save'),
    onSubmit: async (values) => {
      const body = toBody(values, options.fields, editing !== null);
      if (editing) {
        await options.update(editing.id, body);
      } else {
        await options.create(body);
      }
      status.show('success', ctx.t('org.saved'));
      ctx.announce(ctx.t('org.saved'));
      setEditing(null);
      await refresh();
    },
    onCancel: () => setEditing(null),
    extra: options.formExtra?.(() => {
      const values: FormValues = {};
      for (const [name, c] of Object.entries(built.controls)) {
        values[name] = c.get();
      }
      return values;
    }),
  });
  function setEditing(item: T | null): void {
    editing = item;
    built.reset();
    formTitle.textContent = item
      ? `${ctx.t('org.edit')}: ${options.nameOf(item)}`
      : `${ctx.t('org.add')} — ${options.title}`;
    if (item) {
      built.fill(options.toValues(item));
      built.form.querySelector<HTMLElement>('input, select, textarea')?.focus();
    }
  }
  async function refresh(): Promise<void> {
    try {
      const items = await options.load();
      tableSlot.replaceChildren(
        items.length === 0
          ? h('p', { class: 'empty' }, ctx.t('org.empty'))
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                null,
                h('caption', { class: 'visually-hidden' }, options.title),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    options.columns.map((column) => h('th', { attrs: { scope: 'col' } }, column.label)),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.actions')),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  items.map((item) =>
                    h(
                      'tr',
                      null,
                      options.columns.map((column) => h('td', null, column.value(item))),
                      h(
                        'td',
                        null,
                        h(
                          'div',
                          { class: 'button-group' },
                          button(ctx.t('org.edit'), () => setEditing(item), 'secondary', {
                            'aria-label': `${ctx.t('org.edit')}: ${options.nameOf(item)}`,
                          }),
                          options.remove
                            ? (() => {
                                const remove = options.remove;
                                const del: HTMLButtonElement = button(
                                  ctx.t('org.delete'),
                                  () => {
                                    if (
                                      !window.confirm(
                                        ctx.t('org.deleteConfirm', { name: options.nameOf(item) }),
                                      )
                                    ) {
                                      return;
                                    }
                                    void withBusy(del, async () => {
                                      try {
                                        await remove(item.id);
                                        status.show('success', ctx.t('org.deleted'));
                                        await refresh();
                                      } catch (error) {
                                        status.show('error', errorMessage(ctx, error));
                                      }
                                    });
                                  },
                                  'danger',
                                  { 'aria-label': `${ctx.t('org.delete')}: ${options.nameOf(item)}` },
                                );
                                return del;
                              })()
                            : null,
                        ),
                      ),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      tableSlot.replaceChildren(h('p', { class: 'alert alert-error' }, errorMessage(ctx, error)));
    }
  }
  setEditing(null);
  void refresh();
  return h('div', { class: 'crud' }, status.element, tableSlot, formTitle, built.form);
}
