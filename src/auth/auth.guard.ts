import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DomainError } from '../common/errors/domain-error';
import { AuthenticatedRequest, REQUIRES_USER } from './current-user.decorator';
import { AuthenticationService } from './authentication.service';

/**
 * Global guard: a bearer token, when present, must verify and be neither revoked nor of a deleted account
 * (such a token is 401 even on public routes, so clients learn their session ended); routes marked
 * `@RequireUser()` also refuse anonymous callers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new DomainError('UNAUTHENTICATED', 'Use an Authorization header of the form "Bearer <token>"');
      }
      const token = await this.authentication.authenticate(match[1]);
      request.user = token.principal;
      request.token = token;
      request.profileLocale = token.locale;
    }
    const required = this.reflector.getAllAndOverride<boolean | undefined>(REQUIRES_USER, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required && !request.user) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
    }
    return true;
  }
}
