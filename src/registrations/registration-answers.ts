import { FieldErrors } from '../common/errors/domain-error';
import { RegistrationField } from '../events/event.entity';

export type AnswerValue = string | string[] | boolean;
export type Answers = Record<string, AnswerValue>;

export const MAX_TEXT_ANSWER = 2000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks answers against the event's questions as they are now. Every problem is reported at once, keyed
 * `answers.<key>`; on success the answers come back normalised (text trimmed, empty optional answers dropped).
 */
export function validateAnswers(
  fields: readonly RegistrationField[],
  raw: unknown,
): { answers: Answers; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const answers: Answers = {};
  if (raw === undefined || raw === null) {
    raw = {};
  }
  if (!isPlainObject(raw)) {
    return { answers, errors: { answers: ['answers must be an object keyed by question key'] } };
  }
  const byKey = new Map(fields.map((field) => [field.key, field]));
  for (const key of Object.keys(raw)) {
    if (!byKey.has(key)) {
      errors[`answers.${key}`] = ['is not a question of this event'];
    }
  }
  for (const field of fields) {
    const path = `answers.${field.key}`;
    const value = Object.prototype.hasOwnProperty.call(raw, field.key) ? raw[field.key] : undefined;
    const problem = checkAnswer(field, value);
    if (typeof problem === 'string') {
      errors[path] = [problem];
    } else if (problem.value !== undefined) {
      answers[field.key] = problem.value;
    }
  }
  return { answers, errors };
}

function checkAnswer(field: RegistrationField, value: unknown): string | { value?: AnswerValue } {
  const options = field.options ?? [];
  const missing = `${field.label} is required`;
  if (value === undefined || value === null) {
    return field.required ? missing : {};
  }
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') {
        return 'must be a string';
      }
      const text = value.trim();
      if (text.length > MAX_TEXT_ANSWER) {
        return `must be at most ${MAX_TEXT_ANSWER} characters`;
      }
      if (text.length === 0) {
        return field.required ? missing : {};
      }
      return { value: text };
    }
    case 'choice': {
      if (typeof value !== 'string') {
        return 'must be one of the options as a string';
      }
      if (!options.includes(value)) {
        return `must be one of: ${options.join(', ')}`;
      }
      return { value };
    }
    case 'multi': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        return 'must be a list of options';
      }
      const chosen = value;
      const unknown = chosen.filter((item) => !options.includes(item));
      if (unknown.length > 0) {
        return `contains values that are not options: ${unknown.join(', ')}`;
      }
      if (new Set(chosen).size !== chosen.length) {
        return 'must not repeat an option';
      }
      if (chosen.length === 0) {
        return field.required ? missing : {};
      }
      return { value: chosen };
    }
    case 'checkbox': {
      if (typeof value !== 'boolean') {
        return 'must be true or false';
      }
      // A required checkbox is a consent: it must be ticked.
      if (field.required && !value) {
        return missing;
      }
      return { value };
    }
    default:
      return 'has a question type this server does not know';
  }
}

/** Whether a stored answer matches a filter value given as text in a query string. */
export function answerMatches(
  field: RegistrationField,
  value: AnswerValue | undefined,
  wanted: string,
): boolean {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.trim().toLowerCase() === wanted.trim().toLowerCase();
    case 'choice':
      return value === wanted;
    case 'multi':
      return Array.isArray(value) && value.includes(wanted);
    case 'checkbox':
      return (value === true) === ['true', 'yes', '1'].includes(wanted.toLowerCase());
    default:
      return false;
  }
}

/** An answer as one spreadsheet cell. */
export function answerAsText(value: AnswerValue | undefined): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  return Array.isArray(value) ? value.join('; ') : value;
}
