import { ArgumentMetadata, Injectable } from '@nestjs/common';

import { AppValidationPipe } from '../common/validation/validation.pipe';

/**
 * The HTTP validation pipe for Socket.IO payloads: a payload is validated as a request body would be (a plain
 * object, no `__proto__`/`constructor` keys, no unknown properties) and fails with VALIDATION_FAILED.
 */
@Injectable()
export class WsValidationPipe extends AppValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!metadata.metatype || metadata.metatype === Object) {
      return Promise.resolve(value);
    }
    return super.transform(value === undefined ? null : value, { ...metadata, type: 'body' });
  }
}
