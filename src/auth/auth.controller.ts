import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AuthService, emailKeyOf } from './auth.service';
import { AuthenticationService } from './authentication.service';
import { CurrentToken, CurrentUser, RequireUser } from './current-user.decorator';
import { AuthResponseDto, LoginDto, MeResponseDto, RegisterDto } from './dto/auth.dto';
import { Principal } from './principal';
import { RolesService } from './roles.service';
import { VerifiedToken } from './token.service';

const MINUTE = 60_000;
// Per-IP limits stay lenient (a whole conference may sit behind one NAT address); per-account ones are strict.
export const AUTH_LIMITS = {
  registerPerIp: { name: 'register:ip', limit: 60, windowMs: 10 * MINUTE },
  loginPerIp: { name: 'login:ip', limit: 300, windowMs: 15 * MINUTE },
  loginPerAccount: { name: 'login:account', limit: 10, windowMs: 15 * MINUTE },
};

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly roles: RolesService,
    private readonly rateLimiter: RateLimiter,
    private readonly authentication: AuthenticationService,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiErrors(400, 409, 429)
  async register(@Body() body: RegisterDto, @Ip() ip: string): Promise<AuthResponseDto> {
    await this.rateLimiter.consume(AUTH_LIMITS.registerPerIp, ip);
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiErrors(400, 401, 429)
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<AuthResponseDto> {
    await this.rateLimiter.consume(AUTH_LIMITS.loginPerIp, ip);
    await this.rateLimiter.consume(AUTH_LIMITS.loginPerAccount, emailKeyOf(body.email));
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user and their staff roles' })
  @ApiErrors(401)
  async me(@CurrentUser() principal: Principal): Promise<MeResponseDto> {
    const user = await this.auth.findUser(principal.id);
    return { id: user.id, email: user.email, name: user.name, roles: await this.roles.rolesOf(user.id) };
  }

  @Post('logout')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out this token',
    description: 'The token is refused (401) from now on, and its live sockets are disconnected.',
  })
  @ApiResponse({ status: 204, description: 'Signed out' })
  @ApiErrors(401)
  async logout(@CurrentToken() token: VerifiedToken): Promise<void> {
    await this.authentication.logout(token);
  }

  @Post('logout-all')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out every token of the account',
    description:
      'Every token issued before this call is refused (401) from now on, on every node, and the live sockets ' +
      'of the account are disconnected. Tokens issued after it work.',
  })
  @ApiResponse({ status: 204, description: 'Signed out everywhere' })
  @ApiErrors(401)
  async logoutAll(@CurrentUser() principal: Principal): Promise<void> {
    await this.authentication.logoutEverywhere(principal.id);
  }
}
