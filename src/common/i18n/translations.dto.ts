import { ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidationArguments } from 'class-validator';

import { isLanguageTag } from './language-tags';

/** A translatable field: a text of at most `max` characters, or (`list`) a list like a question's options. */
export type TranslatableFields = Record<string, { max: number; list?: boolean }>;

const MAX_LANGUAGES = 20;
const MAX_LIST = 50;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a translations value is malformed, or null when it is well formed. */
export function translationsProblem(value: unknown, fields: TranslatableFields): string | null {
  if (!isPlainObject(value)) {
    return 'translations must be an object keyed by language';
  }
  const languages = Object.keys(value);
  if (languages.length > MAX_LANGUAGES) {
    return `translations may hold at most ${MAX_LANGUAGES} languages`;
  }
  for (const lang of languages) {
    if (!isLanguageTag(lang)) {
      return `translations: ${String(lang).slice(0, 40)} is not a BCP 47 language tag`;
    }
    const entry = value[lang];
    if (entry === null) {
      continue;
    }
    if (!isPlainObject(entry)) {
      return `translations.${lang} must be an object of fields, or null to remove the language`;
    }
    for (const [field, text] of Object.entries(entry)) {
      const rule = fields[field];
      if (!rule) {
        return `translations.${lang}.${field.slice(0, 40)} is not translatable (translatable: ${Object.keys(fields).join(', ')})`;
      }
      if (text === null) {
        continue;
      }
      const items = rule.list ? text : [text];
      if (!Array.isArray(items) || (rule.list && (items.length === 0 || items.length > MAX_LIST))) {
        return `translations.${lang}.${field} must be a list of 1 to ${MAX_LIST} texts`;
      }
      for (const item of items) {
        if (typeof item !== 'string' || item.trim().length === 0 || item.trim().length > rule.max) {
          return `translations.${lang}.${field} must be a text of 1 to ${rule.max} characters, or null to remove it`;
        }
      }
    }
  }
  return null;
}

/**
 * `translations: { "<lang>": { <field>: text | null } | null }` on a create or update body. Only the shape is
 * checked here; whether each language is one of the event's is checked by the service, which knows the event.
 */
export function IsTranslations(fields: TranslatableFields): PropertyDecorator {
  const example = Object.fromEntries(Object.keys(fields).map((field) => [field, '…']));
  const doc = ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      type: 'object',
      nullable: true,
      properties: Object.fromEntries(
        Object.entries(fields).map(([field, rule]) => [
          field,
          rule.list
            ? { type: 'array', items: { type: 'string' }, nullable: true }
            : { type: 'string', maxLength: rule.max, nullable: true },
        ]),
      ),
    },
    example: { zh: example },
    description: `Translations by language (one of the event's languages other than the first): ${Object.keys(fields).join(', ')}. On PATCH merged per language and field; null removes a field's translation or a whole language.`,
  });
  return (target: object, propertyName: string | symbol) => {
    doc(target, propertyName);
    registerDecorator({
      name: 'isTranslations',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          translationsProblem(args.value, fields) ?? 'translations are not valid',
      },
      validator: {
        validate: (value: unknown) => value === undefined || translationsProblem(value, fields) === null,
      },
    });
  };
}
