import type { RegistrationField } from '../../api/types';
import type { AppContext } from '../../app-context';
import { h, uid } from '../../ui/dom';
import { button, errorMessage, messageSlot, withBusy } from '../common';
import { endonym } from '../language-badges';

type FieldTranslations = Record<string, { label?: string; options?: string[] }>;

/** A registration question as read with `?translations=all` in the original language. */
export type QuestionWithTranslations = RegistrationField & { translations?: FieldTranslations };

/** Languages a question still lacks: its label, or (for choice questions) its options. */
export function missingQuestionLanguages(
  question: QuestionWithTranslations,
  languages: readonly string[],
): string[] {
  return languages.filter((lang) => {
    const texts = question.translations?.[lang];
    const options = question.options ?? [];
    return (
      !texts?.label?.trim() ||
      (options.length > 0 &&
        (texts.options?.length !== options.length || texts.options.some((o) => !o.trim())))
    );
  });
}

interface QuestionInputs {
  question: QuestionWithTranslations;
  status: HTMLElement;
  /** By language: the label box and one box per option. */
  boxes: Map<string, { label: HTMLInputElement; options: HTMLInputElement[] }>;
}

/**
 * The event's registration questions side by side (original | one column per other event language): labels
 * and options. They live inside the event, so one PATCH of `registration.fields` saves them all; a
 * question's translated options must be all filled in or all empty, as the server requires.
 */
export async function questionsGroup(
  ctx: AppContext,
  base: string,
  original: string,
  targets: readonly string[],
): Promise<{ element: HTMLElement; missing: number } | null> {
  const event = await ctx.http.get<{ registration?: { fields: QuestionWithTranslations[] } }>(base, {
    lang: original,
    translations: 'all',
  });
  const questions = event.registration?.fields ?? [];
  if (questions.length === 0) {
    return null;
  }
  const headingId = uid('translation');
  const message = messageSlot();
  const entries = questions.map((question) => questionTable(ctx, question, original, targets));
  const form = h(
    'form',
    { class: 'translation-form', attrs: { 'aria-labelledby': headingId } },
    h('h4', { id: headingId }, ctx.t('lang.questions')),
    entries.map((entry) => entry.element),
    message.element,
    button(ctx.t('lang.save'), () => undefined, 'primary', { type: 'submit' }),
  );
  form.addEventListener('submit', (submit) => {
    submit.preventDefault();
    message.clear();
    const fields: QuestionWithTranslations[] = [];
    for (const { inputs } of entries) {
      const { question, boxes } = inputs;
      const translations: FieldTranslations = {};
      for (const [lang, box] of boxes) {
        const label = box.label.value.trim();
        const options = box.options.map((input) => input.value.trim());
        const filled = options.filter((option) => option !== '').length;
        if (filled > 0 && filled < options.length) {
          message.show(
            'error',
            ctx.t('lang.optionsAllOrNone', { question: question.label, language: endonym(lang) }),
          );
          box.options[options.indexOf('')]?.focus();
          return;
        }
        if (label || filled > 0) {
          translations[lang] = { ...(label ? { label } : {}), ...(filled > 0 ? { options } : {}) };
        }
      }
      const {
        lang: _lang,
        translations: _old,
        ...rest
      } = question as QuestionWithTranslations & {
        lang?: unknown;
      };
      fields.push({ ...rest, ...(Object.keys(translations).length > 0 ? { translations } : {}) });
    }
    void withBusy(form, async () => {
      try {
        const saved = await ctx.http.patch<{ registration?: { fields: QuestionWithTranslations[] } }>(base, {
          registration: { fields },
        });
        const byKey = new Map((saved.registration?.fields ?? []).map((field) => [field.key, field]));
        for (const { inputs } of entries) {
          inputs.question.translations = byKey.get(inputs.question.key)?.translations ?? {};
          showMissing(ctx, inputs, targets);
        }
        message.show('success', ctx.t('org.saved'));
      } catch (error) {
        message.show('error', errorMessage(ctx, error));
      }
    });
  });
  const missing = questions.filter((q) => missingQuestionLanguages(q, targets).length > 0).length;
  return {
    element: h('section', { class: 'translation-group' }, h('h3', null, ctx.t('lang.questions')), form),
    missing,
  };
}

function showMissing(ctx: AppContext, inputs: QuestionInputs, targets: readonly string[]): void {
  const missing = missingQuestionLanguages(inputs.question, targets);
  inputs.status.textContent =
    missing.length === 0
      ? ctx.t('lang.complete')
      : ctx.t('lang.missing', { languages: missing.map(endonym).join(', ') });
}

/** One question: a row for its label and one per option, a column per language. */
function questionTable(
  ctx: AppContext,
  question: QuestionWithTranslations,
  original: string,
  targets: readonly string[],
): { element: HTMLElement; inputs: QuestionInputs } {
  const inputs: QuestionInputs = {
    question,
    status: h('p', { class: 'translation-missing' }),
    boxes: new Map(),
  };
  const box = (lang: string, name: string, label: string, value: string | undefined): HTMLInputElement => {
    const input = h('input', {
      attrs: {
        type: 'text',
        lang,
        dir: 'auto',
        'aria-label': label,
        name: `${question.key}.${lang}.${name}`,
      },
    });
    input.value = value ?? '';
    return input;
  };
  for (const lang of targets) {
    const texts = question.translations?.[lang];
    const language = endonym(lang);
    inputs.boxes.set(lang, {
      label: box(
        lang,
        'label',
        ctx.t('lang.fieldIn', { field: `${ctx.t('lang.question')}: ${question.label}`, language }),
        texts?.label,
      ),
      options: (question.options ?? []).map((option, index) =>
        box(
          lang,
          `options.${index}`,
          ctx.t('lang.fieldIn', { field: `${question.label}: ${option}`, language }),
          texts?.options?.[index],
        ),
      ),
    });
  }
  const row = (heading: string, text: string, cell: (lang: string) => HTMLInputElement): HTMLElement =>
    h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, heading),
      h('td', { attrs: { lang: original } }, text),
      ...targets.map((lang) => h('td', null, cell(lang))),
    );
  const rows = [
    row(ctx.t('lang.question'), question.label, (lang) => inputs.boxes.get(lang)!.label),
    ...(question.options ?? []).map((option, index) =>
      row(
        ctx.t('lang.option', { number: index + 1 }),
        option,
        (lang) => inputs.boxes.get(lang)!.options[index],
      ),
    ),
  ];
  showMissing(ctx, inputs, targets);
  const element = h(
    'div',
    { class: 'translation-question' },
    h(
      'table',
      { class: 'translation-table' },
      h('caption', { attrs: { lang: original } }, question.label),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden' }, ctx.t('org.name'))),
          h('th', { attrs: { scope: 'col' } }, `${ctx.t('lang.original')} (${endonym(original)})`),
          ...targets.map((lang) => h('th', { attrs: { scope: 'col', lang } }, endonym(lang))),
        ),
      ),
      h('tbody', null, rows),
    ),
    inputs.status,
  );
  return { element, inputs };
}
