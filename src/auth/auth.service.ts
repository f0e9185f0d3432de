import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
import { Principal } from './principal';
import { AuthenticationService } from './authentication.service';
import { TokenService } from './token.service';
import { User } from './user.entity';

export interface AuthResult {
  accessToken: string;
  user: Principal;
}

export const emailKeyOf = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tokens: TokenService,
    private readonly authentication: AuthenticationService,
  ) {}

  async register(input: { email: string; password: string; name: string }): Promise<AuthResult> {
    const emailKey = emailKeyOf(input.email);
    if (await this.users.existsBy({ emailKey })) {
      throw new DomainError('ALREADY_EXISTS', 'An account with this email already exists', {
        fields: { email: ['email is already registered'] },
      });
    }
    const user = this.users.create({
      id: newId(),
      email: input.email.trim(),
      emailKey,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      createdAt: nowIso(),
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      // Two sign-ups with one email racing past the check above: the unique index decides.
      if (await this.users.existsBy({ emailKey })) {
        throw new DomainError('ALREADY_EXISTS', 'An account with this email already exists', {
          fields: { email: ['email is already registered'] },
        });
      }
      throw error;
    }
    return this.authResult(user);
  }

  async login(email: string, password: string): Promise<AuthResult> {
    const user = await this.users.findOneBy({ emailKey: emailKeyOf(email) });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !valid) {
      throw new DomainError('INVALID_CREDENTIALS', 'The email or password is not correct');
    }
    return this.authResult(user);
  }

  async findUser(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) {
      throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    }
    return user;
  }

  /** A new token for the account, carrying its current token version. */
  async issueToken(user: User): Promise<string> {
    return this.tokens.issue(toPrincipal(user), await this.authentication.currentVersion(user.id));
  }

  private async authResult(user: User): Promise<AuthResult> {
    return { accessToken: await this.issueToken(user), user: toPrincipal(user) };
  }
}

export const toPrincipal = (user: User): Principal => ({ id: user.id, email: user.email, name: user.name });
