import { isInt, isString, isUUID, maxLength, min, minLength } from 'class-validator';

import { isStorableText } from './validation.pipe';

/**
 * A hand-written check for one hot DTO that answers the instance the validation pipe would produce when the
 * payload is certainly valid, and `undefined` otherwise, in which case the full pipe runs and produces the
 * error. It may send valid payloads to the pipe (emoji, optional nulls); it must never accept one the pipe
 * refuses — `fast-accept.spec.ts` checks each against the pipe with generated payloads. It uses
 * class-validator's own rule functions, so the rules cannot drift apart; it skips class-transformer and the
 * metadata walk, which cost more than the command's SQL.
 */
export type FastAccept<T> = (payload: unknown) => T | undefined;

/** A plain object holding every `required` key, and otherwise only `optional` ones. */
export function plainWithKeys(
  payload: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): payload is Record<string, unknown> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return false;
  }
  if (Object.getPrototypeOf(payload) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(payload);
  let present = 0;
  for (const key of keys) {
    if (required.includes(key)) {
      present += 1;
    } else if (!optional.includes(key)) {
      return false;
    }
  }
  return present === required.length;
}

export const isId = (value: unknown): value is string => isUUID(value, 'all');

/** `TrimmedString` text, trimmed, when it is surely within bounds; `undefined` sends the payload to the pipe. */
export function trimmedText(
  value: unknown,
  max: number,
  allowed: (text: string) => boolean,
): string | undefined {
  if (!isString(value) || !isStorableText(value)) {
    return undefined;
  }
  const text = value.trim();
  return minLength(text, 1) && maxLength(text, max) && allowed(text) ? text : undefined;
}

/** An optional non-negative integer that is present. */
export const isSeq = (value: unknown): value is number => isInt(value) && min(value, 0);
