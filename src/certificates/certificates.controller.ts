import { Controller, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventSlugParamDto } from '../events/dto/event-params.dto';
import { EventAccessService } from '../events/event-access.service';
import { CertificatesService } from './certificates.service';
import {
  CertificateCodeParamDto,
  CertificateListDto,
  CertificateVerificationDto,
  EventCertificateParamDto,
} from './dto/certificate.dto';

/** Links printed on certificates point back to where the request came (behind a trusted proxy, its host). */
const originOf = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly access: EventAccessService,
  ) {}

  @Get('events/:slug/certificates/me')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'My certificate of attendance as PDF',
    description:
      'For an attendee whose minutes over the event’s live sessions reach `certificates.minMinutes`: name, ' +
      'event, sessions attended, a verification code, its URL and a QR code. Downloading again keeps the ' +
      'code and refreshes the figures. 403 NOT_ELIGIBLE otherwise (`details.minutes`, `details.minMinutes`), ' +
      'also when the event issues none or the certificate was revoked.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate (PDF)' })
  @ApiErrors(401, 403, 404)
  async mine(
    @Param() { slug }: EventSlugParamDto,
    @CurrentUser() user: Principal,
    @Req() req: Request,
  ): Promise<StreamableFile> {
    const { event } = await this.access.findVisible(slug, user);
    const { pdf, code } = await this.certificates.issueMine(event, user.id, originOf(req));
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${event.slug}-certificate-${code}.pdf"`,
    });
  }

  @Get('certificates/:code')
  @ApiOperation({
    summary: 'Verify a certificate (public)',
    description:
      'Anyone holding the code (printed, or in the QR code) can check it; `valid: false` once revoked.',
  })
  @ApiResponse({ status: 200, type: CertificateVerificationDto })
  @ApiErrors(400, 404)
  verify(@Param() { code }: CertificateCodeParamDto): Promise<CertificateVerificationDto> {
    return this.certificates.verify(code);
  }

  @Get('events/:slug/certificates')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Certificates issued for the event (organizers)' })
  @ApiResponse({ status: 200, type: CertificateListDto })
  @ApiErrors(401, 403, 404)
  async list(
    @Param() { slug }: EventSlugParamDto,
    @CurrentUser() user: Principal,
  ): Promise<CertificateListDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    return { items: await this.certificates.list(event) };
  }

  @Post('events/:slug/certificates/:code/revoke')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revoke a certificate (organizers)',
    description: 'It stays verifiable and answers `valid: false`; its holder cannot download it again.',
  })
  @ApiResponse({ status: 200, type: CertificateVerificationDto })
  @ApiErrors(400, 401, 403, 404)
  async revoke(
    @Param() { slug, code }: EventCertificateParamDto,
    @CurrentUser() user: Principal,
  ): Promise<CertificateVerificationDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    return this.certificates.revoke(event, code, user.id);
  }
}
