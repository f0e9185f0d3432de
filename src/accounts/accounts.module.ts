import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { AccountsController } from './accounts.controller';
import { PasswordController } from './password.controller';
import { PasswordResetService } from './password-reset.service';
import { ProfileService } from './profile.service';

/**
 * The account as its owner sees it: profile and settings, password reset by mail, export and deletion. A
 * composition over auth, registrations and mail (deletion cancels registrations the ordinary way).
 */
@Module({
  imports: [RegistrationsModule, AuditModule],
  controllers: [AccountsController, PasswordController],
  providers: [ProfileService, PasswordResetService, AccountExportService, AccountDeletionService],
})
export class AccountsModule {}
