import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailController } from './mail.controller';
import { MailOutboxEntry } from './mail-outbox.entity';
import { MailWorker } from './mail-worker';

/** The mail outbox worker (SMTP_URL or `.eml` files) and the reminders' unsubscribe link. */
@Module({
  imports: [TypeOrmModule.forFeature([MailOutboxEntry])],
  controllers: [MailController],
  providers: [MailWorker],
  exports: [MailWorker],
})
export class MailModule {}
