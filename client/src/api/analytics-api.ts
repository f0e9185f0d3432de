import type { AppContext } from '../app-context';
import { ApiError, toApiError } from './http-client';

/** Shapes of the "after the meeting" endpoints (analytics, certificates): see API.md. */
export interface SessionFigures {
  sessionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  uniqueViewers: number;
  visits: number;
  peakConcurrent: number;
  averageMinutes: number;
  messages: number;
  questions: number;
  pollVotes: number;
  reactions: number;
}

export interface SessionFiguresDetail extends SessionFigures {
  concurrency: Array<{ minute: string; count: number }>;
}

export interface EventAnalytics {
  registrations: {
    total: number;
    confirmed: number;
    byStatus: Record<string, number>;
    byAnswer: Record<string, Record<string, number>>;
  };
  sessions: SessionFigures[];
}

export interface CertificateInfo {
  code: string;
  name: string;
  event: { slug: string; title: string };
  minutes: number;
  issuedAt: string;
  valid: boolean;
  revokedAt: string | null;
}

const enc = encodeURIComponent;

export const eventAnalytics = (ctx: AppContext, slug: string): Promise<EventAnalytics> =>
  ctx.http.get<EventAnalytics>(`/events/${enc(slug)}/analytics`);

export const sessionAnalytics = (ctx: AppContext, slug: string, id: string): Promise<SessionFiguresDetail> =>
  ctx.http.get<SessionFiguresDetail>(`/events/${enc(slug)}/sessions/${enc(id)}/analytics`);

export const eventAnalyticsCsv = (ctx: AppContext, slug: string): Promise<string> =>
  ctx.http.getText(`/events/${enc(slug)}/analytics`, { format: 'csv' });

export const certificates = async (ctx: AppContext, slug: string): Promise<CertificateInfo[]> =>
  (await ctx.http.get<{ items: CertificateInfo[] }>(`/events/${enc(slug)}/certificates`)).items;

export const revokeCertificate = (ctx: AppContext, slug: string, code: string): Promise<CertificateInfo> =>
  ctx.http.post<CertificateInfo>(`/events/${enc(slug)}/certificates/${enc(code)}/revoke`);

export const setCertificateRule = (
  ctx: AppContext,
  slug: string,
  minMinutes: number | null,
): Promise<unknown> =>
  ctx.http.patch(`/events/${enc(slug)}`, { certificates: minMinutes === null ? null : { minMinutes } });

export const verifyCertificate = (ctx: AppContext, code: string): Promise<CertificateInfo> =>
  ctx.http.get<CertificateInfo>(`/certificates/${enc(code)}`);

/** The caller's certificate PDF (a blob: the download needs the bearer token). */
export async function myCertificatePdf(ctx: AppContext, slug: string): Promise<Blob> {
  const token = ctx.auth.token();
  let response: Response;
  try {
    response = await fetch(ctx.http.url(`/events/${enc(slug)}/certificates/me`), {
      headers: { Accept: 'application/pdf', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
  } catch {
    throw new ApiError('NETWORK', 'The server could not be reached', 0);
  }
  if (!response.ok) {
    throw toApiError(response.status, await response.json().catch(() => undefined));
  }
  return response.blob();
}
