import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { emailKeyOf } from '../auth/auth.service';
import { AuthResponseDto } from '../auth/dto/auth.dto';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { AcceptedDto, ForgotPasswordDto, ResetPasswordDto } from './dto/account.dto';
import { PasswordResetService } from './password-reset.service';

const MINUTE = 60_000;
export const PASSWORD_RESET_LIMITS = {
  forgotPerIp: { name: 'password-forgot:ip', limit: 30, windowMs: 15 * MINUTE },
  forgotPerAddress: { name: 'password-forgot:address', limit: 3, windowMs: 15 * MINUTE },
  resetPerIp: { name: 'password-reset:ip', limit: 30, windowMs: 15 * MINUTE },
};

@ApiTags('accounts')
@Controller('auth/password')
export class PasswordController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  @Post('forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password reset link',
    description:
      'Always 202, whether or not an account has this address, and just as fast: the mail (a one-time link, ' +
      'valid for one hour) is prepared after the response. Rate limited per address and per IP.',
  })
  @ApiResponse({ status: 202, type: AcceptedDto })
  @ApiErrors(400, 429)
  async forgot(@Body() body: ForgotPasswordDto, @Ip() ip: string): Promise<AcceptedDto> {
    await this.rateLimiter.consume(PASSWORD_RESET_LIMITS.forgotPerIp, ip);
    await this.rateLimiter.consume(PASSWORD_RESET_LIMITS.forgotPerAddress, emailKeyOf(body.email));
    this.resets.requestReset(body.email);
    return { status: 'accepted' };
  }

  @Post('reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a new password with the link from the mail',
    description:
      'The link works once. Every earlier token of the account is signed out; the response signs in anew. ' +
      'An unknown, used or expired link → 400 `RESET_LINK_INVALID`.',
  })
  @ApiResponse({ status: 200, type: AuthResponseDto })
  @ApiErrors(400, 429)
  async reset(@Body() body: ResetPasswordDto, @Ip() ip: string): Promise<AuthResponseDto> {
    await this.rateLimiter.consume(PASSWORD_RESET_LIMITS.resetPerIp, ip);
    return this.resets.reset(body.token, body.password);
  }
}
