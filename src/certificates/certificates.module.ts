import { Module } from '@nestjs/common';

import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

/** Certificates of attendance: issued from the recorded attendance, verified publicly, revoked by organizers. */
@Module({
  controllers: [CertificatesController],
  providers: [CertificatesService],
})
export class CertificatesModule {}
