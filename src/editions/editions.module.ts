import { Module } from '@nestjs/common';

import { EditionCloneService } from './edition-clone.service';
import { EditionsController } from './editions.controller';

/**
 * A whole edition: the event with its programme and agenda. Sits above events, programme and agenda because
 * cloning one into next year's copies all three.
 */
@Module({
  controllers: [EditionsController],
  providers: [EditionCloneService],
})
export class EditionsModule {}
