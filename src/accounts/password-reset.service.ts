import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';

import { AuthResult, AuthService, emailKeyOf, toPrincipal } from '../auth/auth.service';
import { AuthenticationService, bumpTokenState } from '../auth/authentication.service';
import { hashPassword } from '../auth/password-hasher';
import { PasswordReset } from '../auth/password-reset.entity';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import { logger } from '../common/logging/json-logger';
import { nowIso } from '../common/time/zoned-time';
import { queueMail } from '../mail/mail-queue';

const VALID_MS = 60 * 60_000;

const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const invalidLink = (): DomainError =>
  new DomainError('RESET_LINK_INVALID', 'This reset link is not valid any more; ask for a new one', {
    fields: { token: ['the link is unknown, used or expired'] },
  });

/**
 * Password reset by mail. The link's token is 32 random bytes; only its SHA-256 is stored, it works once and
 * for one hour. Using it sets the password and signs out every token of the account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly authentication: AuthenticationService,
  ) {}

  /**
   * Returns at once, whether or not the account exists: the work happens after the response, so neither
   * the answer nor its timing tells which addresses have accounts.
   */
  requestReset(email: string): void {
    void this.startReset(email).catch((error: unknown) =>
      logger.error('password reset not started', { error: (error as Error).message }),
    );
  }

  private async startReset(email: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ emailKey: emailKeyOf(email) });
    if (!user) {
      return;
    }
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(PasswordReset, {
        tokenHash: hashOf(token),
        userId: user.id,
        expiresAt: new Date(now + VALID_MS).toISOString(),
        usedAt: null,
        createdAt: new Date(now).toISOString(),
      });
      await queueMail(manager, 'password-reset', user.id, { token });
    });
  }

  async reset(token: string, password: string): Promise<AuthResult> {
    const tokenHash = hashOf(token);
    const reset = await this.dataSource
      .getRepository(PasswordReset)
      .findOneBy({ tokenHash, usedAt: IsNull(), expiresAt: MoreThan(nowIso()) });
    if (!reset) {
      throw invalidLink();
    }
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      // The link works once, even for two requests racing with it.
      const used = await manager
        .createQueryBuilder()
        .update(PasswordReset)
        .set({ usedAt: nowIso() })
        .where('"tokenHash" = :tokenHash AND "usedAt" IS NULL', { tokenHash })
        .execute();
      if (used.affected !== 1) {
        throw invalidLink();
      }
      // Other links of the account die with it.
      await manager
        .createQueryBuilder()
        .delete()
        .from(PasswordReset)
        .where('"userId" = :userId AND "tokenHash" <> :tokenHash', { userId: reset.userId, tokenHash })
        .execute();
      await manager.update(User, { id: reset.userId }, { passwordHash });
      await bumpTokenState(manager, reset.userId, true);
    });
    await this.authentication.revoked(reset.userId, null);
    const user = await this.auth.findUser(reset.userId);
    return { accessToken: await this.auth.issueToken(user), user: toPrincipal(user) };
  }
}
