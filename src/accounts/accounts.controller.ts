import { Body, Controller, Delete, Get, Header, HttpCode, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { AccountExportDto, DeleteAccountDto, ProfileResponseDto, UpdateProfileDto } from './dto/account.dto';
import { ProfileService } from './profile.service';

/** The signed-in user's own account: profile, settings, password, export and deletion. */
@ApiTags('accounts')
@ApiBearerAuth()
@RequireUser()
@Controller('me')
export class AccountsController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly exports: AccountExportService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The profile and settings of the signed-in user' })
  @ApiResponse({ status: 200, type: ProfileResponseDto })
  @ApiErrors(401)
  get(@CurrentUser() user: Principal): Promise<ProfileResponseDto> {
    return this.profiles.get(user.id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change name, language, time zone, reminders or password',
    description:
      'A password change needs the current password (403 `WRONG_PASSWORD` otherwise), signs out every token ' +
      'of the account and returns a new `accessToken`.',
  })
  @ApiResponse({ status: 200, type: ProfileResponseDto })
  @ApiErrors(400, 401, 403)
  update(@CurrentUser() user: Principal, @Body() body: UpdateProfileDto): Promise<ProfileResponseDto> {
    return this.profiles.update(user.id, body);
  }

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="plenary-account.json"')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Everything Plenary stores about the signed-in user, as JSON',
    description:
      'The account and its settings, registrations with answers, seats, bookmarks, notices, chat messages, ' +
      'questions, votes, poll votes, attendance visits, certificates, endorsements filed, speaker profiles, ' +
      'moderation records, audit entries made by the user and mails.',
  })
  @ApiResponse({ status: 200, type: AccountExportDto })
  @ApiErrors(401)
  export(@CurrentUser() user: Principal): Promise<AccountExportDto> {
    return this.exports.export(user.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete the account',
    description:
      'Needs the password (403 `WRONG_PASSWORD`). Registrations are cancelled (seats go to the waitlists), ' +
      'staff roles removed, the calendar feed stops working, chat messages and questions stay under ' +
      '"Former participant", poll votes and attendance stay counted under random ids, certificates are ' +
      'deleted, endorsements stay as the organisation\'s with the representative shown as "Former ' +
      'participant", and every token is refused from now on. The last organizer of an event gets ' +
      '409 `LAST_ORGANIZER` (`details.events` lists the slugs).',
  })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiErrors(400, 401, 403, 409)
  async remove(@CurrentUser() user: Principal, @Body() body: DeleteAccountDto): Promise<void> {
    await this.deletion.deleteAccount(user.id, body.password);
  }
}
