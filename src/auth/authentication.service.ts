import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';

import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError } from '../common/errors/domain-error';
import { AccountSettings } from './account-settings.entity';
import './auth.events';
import { RevokedToken } from './revoked-token.entity';
import { TokenStateCache } from './token-state.cache';
import { TokenService, VerifiedToken } from './token.service';

/**
 * Who is calling, for REST and the Socket.IO handshake alike: the token must verify, its account must still
 * exist, and it must not be revoked. Revocation is exact: a token carries the account's token version when
 * it was issued (and its own id), so a token issued before a logout everywhere is refused even within the
 * same millisecond, and one issued after works.
 */
/** A token that passed every check, with the account's saved language (the fallback for content). */
export interface AuthenticatedToken extends VerifiedToken {
  locale: string | null;
}

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly tokens: TokenService,
    private readonly states: TokenStateCache,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly domainEvents: DomainEvents,
  ) {}

  async authenticate(rawToken: string): Promise<AuthenticatedToken> {
    const token = this.tokens.verifyToken(rawToken);
    const state = await this.states.get(token.principal.id);
    if (!state.exists) {
      throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    }
    if (token.version !== state.version || state.revoked.includes(token.tokenId)) {
      throw new DomainError('UNAUTHENTICATED', 'This access token was signed out; sign in again');
    }
    // States cached before the locale was part of them have none.
    return { ...token, locale: state.locale ?? null };
  }

  /**
   * After a transaction that changed the account's saved language (and raised its stamp with
   * `bumpTokenState`) committed: the next request and handshake see the new language. Signs nothing out.
   */
  async localeChanged(userId: string): Promise<void> {
    await this.states.refresh(userId);
  }

  /** The token version new tokens of the account carry. */
  async currentVersion(userId: string, manager?: EntityManager): Promise<number> {
    const settings = await (manager ?? this.dataSource.manager).findOne(AccountSettings, {
      where: { userId },
      select: { userId: true, tokenVersion: true },
    });
    return settings?.tokenVersion ?? 0;
  }

  /** Signs out one token. */
  async logout(token: VerifiedToken): Promise<void> {
    const userId = token.principal.id;
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(RevokedToken, { userId, expiresAt: LessThan(new Date().toISOString()) });
      await manager
        .createQueryBuilder()
        .insert()
        .into(RevokedToken)
        .values({ tokenId: token.tokenId, userId, expiresAt: token.expiresAt })
        .orIgnore()
        .execute();
      await bumpTokenState(manager, userId, false);
    });
    await this.revoked(userId, token.tokenId);
  }

  /** Signs out every token of the account. */
  async logoutEverywhere(userId: string): Promise<void> {
    await this.dataSource.transaction((manager) => bumpTokenState(manager, userId, true));
    await this.revoked(userId, null);
  }

  /**
   * After a transaction that revoked tokens (or deleted the account) committed: every node refuses them from
   * now on and their sockets are disconnected.
   */
  async revoked(userId: string, tokenId: string | null): Promise<void> {
    await this.states.refresh(userId);
    this.domainEvents.emit('auth.tokens-revoked', { userId, tokenId });
  }
}

/**
 * Inside the caller's transaction: raises the account's auth stamp, and with `everyToken` its token version
 * (every token issued so far is refused). Returns the new token version. Call `revoked()` after the commit.
 */
export async function bumpTokenState(
  manager: EntityManager,
  userId: string,
  everyToken: boolean,
): Promise<number> {
  await manager.createQueryBuilder().insert().into(AccountSettings).values({ userId }).orIgnore().execute();
  await manager
    .createQueryBuilder()
    .update(AccountSettings)
    .set({
      authStamp: () => '"authStamp" + 1',
      ...(everyToken ? { tokenVersion: () => '"tokenVersion" + 1' } : {}),
    })
    .where('userId = :userId', { userId })
    .execute();
  const row = await manager.findOneOrFail(AccountSettings, {
    where: { userId },
    select: { userId: true, tokenVersion: true },
  });
  return row.tokenVersion;
}
