import { registerDecorator, ValidationOptions } from 'class-validator';

// Control characters other than tab and line breaks, bidi embeddings/overrides (used to disguise text), and
// UTF-16 surrogates that are not part of a pair (they cannot be stored or shown faithfully).
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isSafeText = (value: unknown): boolean => typeof value === 'string' && !UNSAFE.test(value);

/** Text people read in the room: no control characters, bidi overrides or lone surrogates. */
export function SafeText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isSafeText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must not contain control characters, bidi overrides or lone surrogates`,
        ...options,
      },
      validator: { validate: (value: unknown) => value === undefined || isSafeText(value) },
    });
  };
}
