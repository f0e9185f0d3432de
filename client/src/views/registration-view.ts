import type { EventInfo, Registration, RegistrationField } from '../api/types';
import type { AppContext, View } from '../app-context';
import { appendChildren, h, uid } from '../ui/dom';
import { loadMyRegistration, registrationStatusText } from './event-view';
import {
  alertBox,
  button,
  errorMessage,
  errorView,
  field,
  messageSlot,
  pageHeader,
  selectField,
  showFieldErrors,
  withBusy,
} from './common';

interface AnswerControl {
  wrapper: HTMLElement;
  read(): string | string[] | boolean | undefined;
  setError(messages: string[] | undefined): void;
}

function errorSlot(id: string): { element: HTMLElement; set(messages: string[] | undefined): void } {
  const element = h('p', { id, class: 'field-error' });
  return {
    element,
    set: (messages) => element.replaceChildren(...(messages ?? []).map((m) => h('span', null, m))),
  };
}

/** One control per custom registration question. */
function answerControl(ctx: AppContext, question: RegistrationField, previous: unknown): AnswerControl {
  const label = question.required ? question.label : `${question.label} (${ctx.t('common.optional')})`;
  switch (question.type) {
    case 'text': {
      const item = field({
        label,
        name: question.key,
        required: question.required,
        maxLength: 1000,
        value: typeof previous === 'string' ? previous : '',
      });
      return {
        wrapper: item.wrapper,
        setError: item.setError,
        read: () => item.input.value.trim() || undefined,
      };
    }
    case 'choice': {
      const item = selectField({
        label,
        name: question.key,
        required: question.required,
        value: typeof previous === 'string' ? previous : '',
        choices: [
          { value: '', label: ctx.t('reg.choose') },
          ...(question.options ?? []).map((option) => ({ value: option, label: option })),
        ],
      });
      return { wrapper: item.wrapper, setError: item.setError, read: () => item.select.value || undefined };
    }
    case 'multi': {
      const errorId = uid('err');
      const error = errorSlot(errorId);
      const boxes = (question.options ?? []).map((option) => {
        const id = uid('opt');
        const input = h('input', { id, attrs: { type: 'checkbox', name: question.key, value: option } });
        input.checked = Array.isArray(previous) && previous.includes(option);
        return {
          input,
          element: h('div', { class: 'check-option' }, input, h('label', { attrs: { for: id } }, option)),
        };
      });
      const wrapper = h(
        'fieldset',
        { class: 'field fieldset', attrs: { 'aria-describedby': errorId } },
        h('legend', null, label),
        boxes.map((b) => b.element),
        error.element,
      );
      return {
        wrapper,
        setError: (messages) => {
          error.set(messages);
          wrapper.classList.toggle('has-error', Boolean(messages?.length));
        },
        read: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
      };
    }
    case 'checkbox': {
      const id = uid('check');
      const errorId = uid('err');
      const error = errorSlot(errorId);
      const input = h('input', {
        id,
        attrs: {
          type: 'checkbox',
          name: question.key,
          'aria-describedby': errorId,
          required: question.required,
        },
      });
      input.checked = previous === true;
      const wrapper = h(
        'div',
        { class: 'field field-check' },
        input,
        h('label', { attrs: { for: id } }, label),
        error.element,
      );
      return {
        wrapper,
        setError: (messages) => {
          error.set(messages);
          wrapper.classList.toggle('has-error', Boolean(messages?.length));
        },
        read: () => input.checked,
      };
    }
  }
}

function statusPanel(
  ctx: AppContext,
  event: EventInfo,
  registration: Registration,
  rerender: () => void,
): HTMLElement {
  const texts: Record<Registration['status'], string> = {
    confirmed: ctx.t('reg.confirmedText'),
    waitlisted: ctx.t('reg.waitlistText', { position: registration.position ?? '?' }),
    pending: ctx.t('reg.pendingText'),
    rejected: ctx.t('reg.rejectedText'),
    cancelled: ctx.t('reg.cancelledText'),
  };
  const slot = messageSlot();
  const active = registration.status !== 'cancelled' && registration.status !== 'rejected';
  const cancel = button(
    ctx.t('reg.cancel'),
    () => {
      if (!window.confirm(ctx.t('reg.cancelConfirm'))) {
        return;
      }
      void withBusy(cancel, async () => {
        try {
          await ctx.api.cancelRegistration(event.slug);
          rerender();
        } catch (error) {
          slot.show('error', errorMessage(ctx, error));
        }
      });
    },
    'danger',
  );
  return h(
    'div',
    { class: ['card', 'registration-status', `reg-${registration.status}`] },
    h(
      'p',
      { class: 'status-line' },
      h('span', { class: 'status-label' }, `${ctx.t('reg.status')}: `),
      h('strong', { class: 'status-value' }, registrationStatusText(ctx, registration)),
      registration.status === 'waitlisted' && registration.position
        ? h('span', { class: 'waitlist-position' }, ` #${registration.position}`)
        : null,
    ),
    h('p', null, texts[registration.status]),
    slot.element,
    h(
      'div',
      { class: 'form-actions' },
      h(
        'a',
        { class: 'button button-secondary', attrs: { href: `/events/${encodeURIComponent(event.slug)}` } },
        ctx.t('nav.back'),
      ),
      active ? cancel : null,
    ),
  );
}

function registrationForm(
  ctx: AppContext,
  event: EventInfo,
  previous: Registration | null,
  done: () => void,
): HTMLElement {
  const questions = event.registration?.fields ?? [];
  const controls = new Map(
    questions.map((question) => [
      question.key,
      answerControl(ctx, question, previous?.answers?.[question.key]),
    ]),
  );
  const slot = messageSlot();
  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    questions.length > 0 ? h('p', null, ctx.t('reg.intro')) : null,
    slot.element,
    [...controls.values()].map((control) => control.wrapper),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, ctx.t('reg.submit')),
    ),
  );
  form.addEventListener('submit', (submitEvent) => {
    submitEvent.preventDefault();
    slot.clear();
    const answers: Record<string, unknown> = {};
    for (const [key, control] of controls) {
      const value = control.read();
      if (value !== undefined) {
        answers[key] = value;
      }
    }
    void withBusy(form, async () => {
      try {
        await ctx.api.registerForEvent(event.slug, answers);
        ctx.announce(ctx.t('reg.done'));
        done();
      } catch (error) {
        const shown = showFieldErrors(error, Object.fromEntries(controls));
        slot.show('error', shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error));
      }
    });
  });
  return form;
}

/** Register for an event with its custom questions, or see the registration's status and waitlist place. */
export const registrationView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  if (!ctx.auth.user()) {
    const next = encodeURIComponent(`/events/${slug}/register`);
    return {
      title: ctx.t('event.register'),
      element: h(
        'section',
        { class: 'page narrow' },
        pageHeader(ctx.t('event.register')),
        alertBox('info', ctx.t('reg.loginFirst')),
        h(
          'div',
          { class: 'form-actions' },
          h(
            'a',
            { class: 'button button-primary', attrs: { href: `/login?next=${next}` } },
            ctx.t('nav.login'),
          ),
          h(
            'a',
            { class: 'button button-secondary', attrs: { href: `/signup?next=${next}` } },
            ctx.t('nav.signup'),
          ),
        ),
      ),
    };
  }
  try {
    const event = await ctx.api.event(slug);
    const container = h('div', { class: 'registration-body' });
    const render = async (focus: boolean): Promise<void> => {
      const registration = await loadMyRegistration(ctx, slug);
      const again =
        registration && (registration.status === 'cancelled' || registration.status === 'rejected');
      container.replaceChildren();
      appendChildren(container, [
        registration ? statusPanel(ctx, event, registration, () => void render(true)) : null,
        !registration || (again && registration.status === 'cancelled')
          ? h(
              'div',
              null,
              again ? h('h2', { class: 'section-title' }, ctx.t('reg.registerAgain')) : null,
              registrationForm(ctx, event, registration, () => void render(true)),
            )
          : null,
      ]);
      if (focus) {
        container.querySelector<HTMLElement>('.registration-status, form')?.setAttribute('tabindex', '-1');
        container.querySelector<HTMLElement>('.registration-status, form')?.focus();
      }
    };
    await render(false);
    return {
      title: ctx.t('reg.title', { title: event.title }),
      element: h(
        'section',
        { class: 'page narrow' },
        pageHeader(ctx.t('reg.title', { title: event.title })),
        container,
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
