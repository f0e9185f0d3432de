import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

import { DomainError } from '../common/errors/domain-error';
import type { LocaleAwareRequest } from '../common/i18n/content-language';
import { Principal } from './principal';
import type { VerifiedToken } from './token.service';

export type AuthenticatedRequest = LocaleAwareRequest & { user?: Principal; token?: VerifiedToken };

export const REQUIRES_USER = 'plenary:requires-user';

/** The route needs a signed-in caller: anonymous requests get 401 UNAUTHENTICATED. */
export const RequireUser = (): MethodDecorator & ClassDecorator => SetMetadata(REQUIRES_USER, true);

/** The caller, or throws 401 when the route was reached anonymously. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  }
  return user;
});

/** The caller when signed in, otherwise undefined (public reads that show more to staff). */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);

/** The verified token of the caller (to sign it out), or throws 401 when the route was reached anonymously. */
export const CurrentToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VerifiedToken => {
    const token = context.switchToHttp().getRequest<AuthenticatedRequest>().token;
    if (!token) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
    }
    return token;
  },
);
