import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RolesService } from './roles.service';
import { TokenService } from './token.service';
import { User } from './user.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [AuthController],
  providers: [AuthService, TokenService, RolesService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TokenService, RolesService],
})
export class AuthModule {}
