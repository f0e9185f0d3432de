import { Controller, Get, Header, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AccountSettings } from '../auth/account-settings.entity';
import { DomainError } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { JWT_SECRET } from '../config/config.module';
import { escapeHtml } from './mail-renderer';
import { UnsubscribeQueryDto } from './unsubscribe.dto';
import { verifyUnsubscribeToken } from './unsubscribe-token';

/**
 * The unsubscribe link of reminder mails. GET shows a button (mail scanners that follow links must not
 * unsubscribe anyone); POST, also the one-click `List-Unsubscribe-Post` of RFC 8058, turns reminders off.
 */
@ApiTags('accounts')
@Controller('mail/unsubscribe')
export class MailController {
  constructor(
    @Inject(JWT_SECRET) private readonly secret: string,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({ summary: 'The page behind the unsubscribe link of reminder mails' })
  @ApiQuery({ name: 'token', description: 'From the mail' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'text/html with a button that turns reminders off' })
  @ApiErrors(400)
  page(@Query() query: UnsubscribeQueryDto): string {
    this.userOf(query.token);
    const action = `?token=${encodeURIComponent(query.token)}`;
    return (
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plenary reminders</title></head><body>' +
      '<main><h1>Session reminders</h1><p>Stop the reminder mails 15 minutes before your sessions?</p>' +
      `<form method="post" action="${escapeHtml(action)}"><button type="submit">Turn reminders off</button></form>` +
      '</main></body></html>'
    );
  }

  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({
    summary: 'Turn reminder mails off (one click, no login)',
    description: 'The same as `PATCH /me { reminders: false }` for the account the token was made for.',
  })
  @ApiQuery({ name: 'token', description: 'From the mail' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'text/html confirmation' })
  @ApiErrors(400)
  async unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<string> {
    const userId = this.userOf(query.token);
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AccountSettings)
        .values({ userId })
        .orIgnore()
        .execute();
      await manager.update(AccountSettings, { userId }, { reminders: false });
    });
    return (
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plenary reminders</title></head><body>' +
      '<main><h1>Reminders are off</h1><p>You can turn them on again in your profile.</p></main></body></html>'
    );
  }

  private userOf(token: string): string {
    const userId = verifyUnsubscribeToken(this.secret, token);
    if (!userId) {
      throw new DomainError('VALIDATION_FAILED', 'This unsubscribe link is not valid', {
        fields: { token: ['token is not valid'] },
      });
    }
    return userId;
  }
}
