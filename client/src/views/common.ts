import { ApiError } from '../api/http-client';
import type { Organization, Participant, Track } from '../api/types';
import type { AppContext, ViewResult } from '../app-context';
import { localizeErrorCode } from '../i18n/error-messages';
import type { MessageKey } from '../i18n/i18n';
import { h, safeColor, uid, type Child } from '../ui/dom';

export function errorMessage(ctx: AppContext, error: unknown): string {
  // ApiError (REST) and RealtimeError (Socket.IO acks) both carry the server's stable code and details.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { code, details } = error as Error & { code: string; details?: Record<string, unknown> };
    return localizeErrorCode(ctx.t, code, details);
  }
  return ctx.t('apiError.unknown');
}

/** A full-page error with a retry button. */
export function errorView(ctx: AppContext, error: unknown): ViewResult {
  const notFound = error instanceof ApiError && error.status === 404;
  return {
    title: ctx.t('error.title'),
    element: h(
      'section',
      { class: 'page narrow' },
      h('h1', null, ctx.t('error.title')),
      h('p', { class: 'alert alert-error', attrs: { role: 'alert' } }, errorMessage(ctx, error)),
      notFound
        ? h('p', null, h('a', { attrs: { href: '/' } }, ctx.t('nav.events')))
        : h(
            'button',
            { class: 'button', attrs: { type: 'button' }, on: { click: () => location.reload() } },
            ctx.t('error.retry'),
          ),
    ),
  };
}

export function alertBox(kind: 'error' | 'success' | 'info', text: string): HTMLElement {
  return h(
    'p',
    { class: ['alert', `alert-${kind}`], attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    text,
  );
}

/** A slot that shows one message at a time (form results). */
export function messageSlot(): {
  element: HTMLElement;
  show(kind: 'error' | 'success' | 'info', text: string): void;
  clear(): void;
} {
  const element = h('div', { class: 'message-slot' });
  return {
    element,
    show(kind, text) {
      element.replaceChildren(alertBox(kind, text));
    },
    clear() {
      element.replaceChildren();
    },
  };
}

export interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  value?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  maxLength?: number;
  minLength?: number;
  placeholder?: string;
  multiline?: boolean;
  rows?: number;
}

export interface Field {
  wrapper: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  setError(messages: string[] | undefined): void;
}

/** A labelled input with a hint and an inline error slot tied to it by aria-describedby. */
export function field(options: FieldOptions): Field {
  const id = uid('field');
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const input = options.multiline
    ? h('textarea', {
        id,
        attrs: {
          name: options.name,
          required: options.required,
          maxlength: options.maxLength,
          rows: options.rows ?? 4,
          placeholder: options.placeholder,
        },
      })
    : h('input', {
        id,
        attrs: {
          name: options.name,
          type: options.type ?? 'text',
          required: options.required,
          autocomplete: options.autocomplete,
          maxlength: options.maxLength,
          minlength: options.minLength,
          placeholder: options.placeholder,
        },
      });
  input.value = options.value ?? '';
  const describedBy = [options.hint ? hintId : '', errorId].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  const error = h('p', { id: errorId, class: 'field-error' });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id } }, options.label, options.required ? null : null),
    options.hint ? h('p', { id: hintId, class: 'field-hint' }, options.hint) : null,
    input,
    error,
  );
  return {
    wrapper,
    input,
    setError(messages) {
      error.replaceChildren(...(messages ?? []).map((message) => h('span', null, message)));
      if (messages && messages.length > 0) {
        input.setAttribute('aria-invalid', 'true');
        wrapper.classList.add('has-error');
      } else {
        input.removeAttribute('aria-invalid');
        wrapper.classList.remove('has-error');
      }
    },
  };
}

export interface SelectOption {
  value: string;
  label: string;
}

export function selectField(options: {
  label: string;
  name: string;
  choices: readonly SelectOption[];
  value?: string;
  required?: boolean;
}): { wrapper: HTMLElement; select: HTMLSelectElement; setError(messages: string[] | undefined): void } {
  const id = uid('select');
  const errorId = `${id}-error`;
  const select = h(
    'select',
    { id, attrs: { name: options.name, required: options.required, 'aria-describedby': errorId } },
    options.choices.map((choice) => {
      const option = h('option', { attrs: { value: choice.value } }, choice.label);
      option.defaultSelected = choice.value === options.value;
      return option;
    }),
  );
  const error = h('p', { id: errorId, class: 'field-error' });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id } }, options.label),
    select,
    error,
  );
  return {
    wrapper,
    select,
    setError(messages) {
      error.replaceChildren(...(messages ?? []).map((message) => h('span', null, message)));
      wrapper.classList.toggle('has-error', Boolean(messages?.length));
      if (messages?.length) {
        select.setAttribute('aria-invalid', 'true');
      } else {
        select.removeAttribute('aria-invalid');
      }
    },
  };
}

export function checkboxField(
  label: string,
  name: string,
  checked: boolean,
  hint?: string,
): { wrapper: HTMLElement; input: HTMLInputElement } {
  const id = uid('check');
  const input = h('input', { id, attrs: { type: 'checkbox', name } });
  input.checked = checked;
  const hintId = `${id}-hint`;
  if (hint) {
    input.setAttribute('aria-describedby', hintId);
  }
  const wrapper = h(
    'div',
    { class: 'field field-check' },
    input,
    h('label', { attrs: { for: id } }, label),
    hint ? h('p', { id: hintId, class: 'field-hint' }, hint) : null,
  );
  return { wrapper, input };
}

export function button(
  label: Child,
  onClick: (event: MouseEvent) => void,
  variant: 'primary' | 'secondary' | 'ghost' | 'danger' = 'secondary',
  attrs: Record<string, string | boolean | undefined> = {},
): HTMLButtonElement {
  return h(
    'button',
    { class: ['button', `button-${variant}`], attrs: { type: 'button', ...attrs }, on: { click: onClick } },
    label,
  );
}

/** A form's actions row with its one submit button. */
export function submitActions(label: Child, variant: 'primary' | 'danger' = 'primary'): HTMLElement {
  return h(
    'div',
    { class: 'form-actions' },
    h('button', { class: ['button', `button-${variant}`], attrs: { type: 'submit' } }, label),
  );
}

/** Runs an async action with the button disabled and the error shown in `slot`. */
export async function withBusy<T>(
  control: HTMLButtonElement | HTMLFormElement,
  action: () => Promise<T>,
): Promise<T> {
  const buttons =
    control instanceof HTMLFormElement
      ? [...control.querySelectorAll<HTMLButtonElement>('button[type="submit"]')]
      : [control];
  for (const item of buttons) {
    item.disabled = true;
    item.setAttribute('aria-busy', 'true');
  }
  try {
    return await action();
  } finally {
    for (const item of buttons) {
      item.disabled = false;
      item.removeAttribute('aria-busy');
    }
  }
}

/** A coloured swatch plus the track's name: colour is never the only cue. */
export function trackBadge(track: Track | null): HTMLElement | null {
  if (!track) {
    return null;
  }
  const color = safeColor(track.color);
  return h(
    'span',
    { class: 'track-badge' },
    h('span', {
      class: 'track-swatch',
      attrs: { 'aria-hidden': 'true' },
      vars: color ? { '--track-color': color } : {},
    }),
    track.name,
  );
}

export function badge(text: string, kind: string): HTMLElement {
  return h('span', { class: ['badge', `badge-${kind}`] }, text);
}

export function organizationLabel(organization: Organization | null): string | null {
  if (!organization) {
    return null;
  }
  return organization.shortName && organization.shortName !== organization.name
    ? `${organization.name} (${organization.shortName})`
    : organization.name;
}

export function roleLabel(ctx: AppContext, role: string): string {
  const key = `role.${role}` as MessageKey;
  return ctx.t(key);
}

/** "Name — Position, Organisation" lines for a session's people. */
export function participantLine(ctx: AppContext, participant: Participant, withRole = true): HTMLElement {
  const affiliation = [participant.position, organizationLabel(participant.organization)]
    .filter(Boolean)
    .join(', ');
  return h(
    'span',
    { class: 'participant', attrs: participant.lang ? { lang: participant.lang } : {} },
    withRole ? h('span', { class: 'participant-role' }, `${roleLabel(ctx, participant.role)}: `) : null,
    h('span', { class: 'participant-name' }, participant.name),
    affiliation ? h('span', { class: 'participant-affiliation' }, ` — ${affiliation}`) : null,
  );
}

/** Maps `details.fields` keys (`answers.org`, `email`) onto fields by name. */
export function showFieldErrors(
  error: unknown,
  fields: Record<string, { setError(messages: string[] | undefined): void }>,
): boolean {
  for (const item of Object.values(fields)) {
    item.setError(undefined);
  }
  if (!(error instanceof ApiError) || Object.keys(error.fields).length === 0) {
    return false;
  }
  let shown = false;
  for (const [path, messages] of Object.entries(error.fields)) {
    const target = fields[path] ?? fields[path.replace(/^answers\./, '')] ?? fields[path.split('.')[0] ?? ''];
    if (target) {
      target.setError(messages);
      shown = true;
    }
  }
  return shown;
}

export function pageHeader(title: string, ...extra: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', { attrs: { tabindex: '-1' } }, title), ...extra);
}
