import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AccountSettings } from '../auth/account-settings.entity';
import { AuthService } from '../auth/auth.service';
import { AuthenticationService, bumpTokenState } from '../auth/authentication.service';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { RolesService } from '../auth/roles.service';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import { canonicalTimeZone } from '../common/time/zoned-time';
import { ProfileResponseDto, UpdateProfileDto } from './dto/account.dto';

export const wrongPassword = (): DomainError =>
  new DomainError('WRONG_PASSWORD', 'The current password is not correct', {
    fields: { password: ['the current password is not correct'] },
  });

/** `GET /me` and `PATCH /me`: name, language, time zone, reminders and the password. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly authentication: AuthenticationService,
    private readonly roles: RolesService,
  ) {}

  async get(userId: string): Promise<ProfileResponseDto> {
    const user = await this.auth.findUser(userId);
    const settings = await this.dataSource.getRepository(AccountSettings).findOneBy({ userId });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: settings?.locale ?? 'en',
      timezone: settings?.timezone ?? null,
      reminders: settings?.reminders ?? true,
      roles: await this.roles.rolesOf(user.id),
    };
  }

  async update(userId: string, input: UpdateProfileDto): Promise<ProfileResponseDto> {
    const user = await this.auth.findUser(userId);
    // Checked (and hashed) before the transaction: scrypt is slow and must not hold a write lock.
    let passwordHash: string | undefined;
    if (input.password) {
      if (!(await verifyPassword(input.password.current, user.passwordHash))) {
        throw wrongPassword();
      }
      passwordHash = await hashPassword(input.password.next);
    }
    await this.dataSource.transaction(async (manager) => {
      if (input.name !== undefined || passwordHash !== undefined) {
        await manager.update(
          User,
          { id: userId },
          {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(passwordHash ? { passwordHash } : {}),
          },
        );
      }
      const settings: Partial<AccountSettings> = {};
      if (input.locale !== undefined) {
        settings.locale = input.locale;
      }
      if (input.timezone !== undefined) {
        settings.timezone = input.timezone === null ? null : canonicalTimeZone(input.timezone);
      }
      if (input.reminders !== undefined) {
        settings.reminders = input.reminders;
      }
      if (Object.keys(settings).length > 0) {
        await ensureSettings(manager, userId);
        await manager.update(AccountSettings, { userId }, settings);
      }
      if (passwordHash) {
        await bumpTokenState(manager, userId, true);
      } else if (input.locale !== undefined) {
        // The cached token state carries the locale: a raised stamp keeps a slower reader from restoring it.
        await bumpTokenState(manager, userId, false);
      }
    });
    if (input.locale !== undefined && !passwordHash) {
      await this.authentication.localeChanged(userId);
    }
    const profile = await this.get(userId);
    if (passwordHash) {
      // Every token of the account, the caller's too, was signed out: the caller continues with a new one.
      await this.authentication.revoked(userId, null);
      profile.accessToken = await this.auth.issueToken(await this.auth.findUser(userId));
    }
    return profile;
  }
}

export async function ensureSettings(manager: EntityManager, userId: string): Promise<void> {
  await manager.createQueryBuilder().insert().into(AccountSettings).values({ userId }).orIgnore().execute();
}
