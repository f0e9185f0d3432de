import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { sessionsOfEvent, visitSpansOfUser } from '../analytics/analytics.queries';
import { mergeVisits } from '../analytics/attendance-merge';
import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import { nowIso } from '../common/time/zoned-time';
import { Event } from '../events/event.entity';
import { AttendedSession, Certificate } from './certificate.entity';
import { certificateFont, isLatin1 } from './certificate-font';
import { renderCertificatePdf } from './certificate-pdf';

/** Unambiguous letters and digits (Crockford's base 32): read aloud or typed from paper without mistakes. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

export function newVerificationCode(): string {
  return [...randomBytes(CODE_LENGTH)].map((byte) => CODE_ALPHABET[byte % 32]).join('');
}

export interface CertificateVerification {
  code: string;
  name: string;
  event: { slug: string; title: string };
  minutes: number;
  issuedAt: string;
  valid: boolean;
  revokedAt: string | null;
}

/** Public path of the verification page (the browser client's route), printed and encoded in the QR code. */
export const verificationPath = (code: string): string => `/certificates/${code}`;

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Minutes attended per session of the event (merged visits), sessions with attendance only. */
  async attendance(event: Event, userId: string): Promise<AttendedSession[]> {
    const [sessions, spans] = await Promise.all([
      sessionsOfEvent(this.ds, event.id),
      visitSpansOfUser(this.ds, event.id, userId),
    ]);
    return sessions.flatMap((session) => {
      const merged = mergeVisits(spans.filter((span) => span.sessionId === session.id));
      const ms = merged.reduce((sum, visit) => sum + (visit.end - visit.start), 0);
      const minutes = Math.floor(ms / 60_000);
      return minutes > 0 ? [{ title: session.title, startsAt: session.startsAt, minutes }] : [];
    });
  }

  /** Issues (or refreshes) the caller's certificate and renders it; 403 NOT_ELIGIBLE when the rule is not met. */
  async issueMine(event: Event, userId: string, origin: string): Promise<{ pdf: Buffer; code: string }> {
    const minMinutes = event.certificateMinMinutes ?? null;
    if (minMinutes === null) {
      throw new DomainError('NOT_ELIGIBLE', 'This event issues no certificates of attendance', {
        minMinutes: null,
      });
    }
    const sessions = await this.attendance(event, userId);
    const minutes = sessions.reduce((sum, session) => sum + session.minutes, 0);
    if (minutes < minMinutes) {
      throw new DomainError('NOT_ELIGIBLE', `A certificate needs ${minMinutes} minutes attended`, {
        minutes,
        minMinutes,
      });
    }
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: userId });
    const font = certificateFont();
    if (!font && !isLatin1(user.name + event.title)) {
      throw new DomainError(
        'UNAVAILABLE',
        'Certificates with this name need a font this server lacks (install fonts-wqy-zenhei)',
      );
    }
    const repository = this.ds.getRepository(Certificate);
    const existing = await repository.findOneBy({ eventId: event.id, userId });
    if (existing?.revokedAt) {
      throw new DomainError('NOT_ELIGIBLE', 'Your certificate for this event was revoked', { revoked: true });
    }
    const certificate: Certificate = existing
      ? { ...existing, name: user.name, minutes, sessions }
      : {
          id: randomUUID(),
          code: newVerificationCode(),
          eventId: event.id,
          userId,
          name: user.name,
          minutes,
          sessions,
          issuedAt: nowIso(),
          revokedAt: null,
          revokedById: null,
        };
    await repository.save(certificate, { reload: false });
    const pdf = await renderCertificatePdf(
      {
        name: certificate.name,
        eventTitle: event.title,
        languages: event.languages,
        minutes,
        sessions,
        code: certificate.code,
        url: origin + verificationPath(certificate.code),
        issuedAt: certificate.issuedAt,
      },
      font,
    );
    return { pdf, code: certificate.code };
  }

  async verify(code: string): Promise<CertificateVerification> {
    const certificate = await this.ds.getRepository(Certificate).findOneBy({ code: code.toUpperCase() });
    if (!certificate) {
      throw new DomainError('CERTIFICATE_NOT_FOUND', 'No certificate has this code');
    }
    const event = await this.ds.getRepository(Event).findOneByOrFail({ id: certificate.eventId });
    return toVerification(certificate, event);
  }

  async list(event: Event): Promise<CertificateVerification[]> {
    const rows = await this.ds
      .getRepository(Certificate)
      .find({ where: { eventId: event.id }, order: { issuedAt: 'ASC' } });
    return rows.map((row) => toVerification(row, event));
  }

  /**
   * Organizers: the certificate stays verifiable, answering `valid: false`. Revoking twice changes nothing.
   * The revocation and its audit entry commit together: a revoked certificate always says who revoked it.
   */
  async revoke(event: Event, code: string, organizerId: string): Promise<CertificateVerification> {
    return this.ds.transaction(async (manager) => {
      const repository = manager.getRepository(Certificate);
      const certificate = await repository.findOneBy({ code: code.toUpperCase(), eventId: event.id });
      if (!certificate) {
        throw new DomainError('CERTIFICATE_NOT_FOUND', 'No certificate of this event has this code');
      }
      if (!certificate.revokedAt) {
        certificate.revokedAt = nowIso();
        certificate.revokedById = organizerId;
        await repository.save(certificate, { reload: false });
        await this.audit.record(
          {
            eventId: event.id,
            actorId: organizerId,
            action: 'certificate.revoked',
            targetType: 'certificate',
            targetId: certificate.id,
            details: { code: certificate.code, userId: certificate.userId },
          },
          manager,
        );
      }
      return toVerification(certificate, event);
    });
  }
}

function toVerification(certificate: Certificate, event: Event): CertificateVerification {
  return {
    code: certificate.code,
    name: certificate.name,
    event: { slug: event.slug, title: event.title },
    minutes: certificate.minutes,
    issuedAt: certificate.issuedAt,
    valid: certificate.revokedAt === null,
    revokedAt: certificate.revokedAt,
  };
}
