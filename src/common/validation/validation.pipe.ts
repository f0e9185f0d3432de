import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';

import { FieldErrors, validationFailed } from '../errors/domain-error';

// Every name Object.prototype carries (toString, hasOwnProperty, __defineGetter__, …): class-validator's
// whitelist looks property names up in a plain object, so these pass it as if they were declared fields.
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const MAX_DEPTH = 32;

// Null-prototype maps: a key named __proto__ must become an entry, not the map's prototype.
const fieldMap = (): FieldErrors => Object.create(null) as FieldErrors;

// eslint-disable-next-line no-control-regex
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string): boolean => !UNSTORABLE_TEXT.test(text);

/**
 * Keys that could reach an object's prototype, text no database stores faithfully (NUL is refused by
 * PostgreSQL, lone surrogates are silently replaced on the way to UTF-8 and crash some validators), and
 * nesting deeper than any DTO are refused outright.
 */
export function findForbiddenKeys(
  value: unknown,
  path = '',
  depth = 0,
  found: FieldErrors = fieldMap(),
): FieldErrors {
  if (typeof value === 'string' && !isStorableText(value)) {
    found[path || '(root)'] = ['must be text without NUL characters or unpaired surrogates'];
    return found;
  }
  if (value === null || typeof value !== 'object') {
    return found;
  }
  if (depth > MAX_DEPTH) {
    found[path || '(root)'] = ['nesting is too deep'];
    return found;
  }
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key) || !isStorableText(key)) {
      found[childPath] = [`property ${key} should not exist`];
      continue;
    }
    findForbiddenKeys((value as Record<string, unknown>)[key], childPath, depth + 1, found);
  }
  return found;
}

export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
  fields: FieldErrors = fieldMap(),
): FieldErrors {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      fields[path] = [...(fields[path] ?? []), ...Object.values(error.constraints)];
    }
    if (error.children?.length) {
      flattenValidationErrors(error.children, path, fields);
    }
  }
  return fields;
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) => validationFailed(flattenValidationErrors(errors)),
};

/** The one validation pipe for HTTP and Socket.IO: same options, same error shape. */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super(VALIDATION_OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' ||
      metadata.type === 'query' ||
      metadata.type === 'param' ||
      metadata.type === 'custom'
    ) {
      const forbidden = findForbiddenKeys(value);
      if (Object.keys(forbidden).length > 0) {
        throw validationFailed(forbidden);
      }
      if (
        metadata.type === 'body' &&
        metadata.metatype &&
        metadata.metatype !== Object &&
        !isPlainObject(value)
      ) {
        throw validationFailed({ '(body)': ['the body must be a JSON object'] });
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
