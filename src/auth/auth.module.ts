import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { RedisModule } from '../common/redis/redis.module';
import { AccountSettings } from './account-settings.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthenticationService } from './authentication.service';
import { PasswordReset } from './password-reset.entity';
import { RevokedToken } from './revoked-token.entity';
import { RolesService } from './roles.service';
import { TokenStateCache } from './token-state.cache';
import { TokenService } from './token.service';
import { LiveCoreModule } from '../realtime/live-core.module';
import { User } from './user.entity';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, AccountSettings, RevokedToken, PasswordReset]),
    RedisModule,
    LiveCoreModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    TokenStateCache,
    AuthenticationService,
    RolesService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, TokenService, AuthenticationService, RolesService],
})
export class AuthModule {}
