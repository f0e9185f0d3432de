import type { HttpClient } from './http-client';
import type { Organization } from './types';

export type DeclarationStatus = 'draft' | 'open' | 'closed';
export type EndorsementStatus = 'pending' | 'verified' | 'rejected' | 'withdrawn';
export type EndorsementFilter = EndorsementStatus | 'all';

export interface Declaration {
  id: string;
  title: string;
  texts: Record<string, string>;
  digest: string | null;
  status: DeclarationStatus;
  closesAt: string | null;
  publishedAt: string | null;
  endorsements: number;
}

export interface Endorsement {
  id: string;
  organization: { id: string; name: string; shortName: string | null; country: string | null };
  representative: { name: string; position: string };
  statement: string | null;
  endorsedAt: string;
  /** The fields below only in organizers' lists and the endorser's own. */
  status?: EndorsementStatus;
  rejectionReason?: string | null;
  withdrawnAt?: string | null;
  verifiedAt?: string | null;
}

export interface EndorsementList {
  items: Endorsement[];
  total: number;
}

const enc = encodeURIComponent;

/** REST calls of declarations and endorsements (API.md, "Declarations endorsed by member organisations"). */
export class DeclarationsApi {
  private readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  path(slug: string, id?: string): string {
    return `/events/${enc(slug)}/declarations${id ? `/${enc(id)}` : ''}`;
  }

  /** A link for the browser (exports): the HTTP client's base URL included. */
  exportUrl(slug: string, id: string, format: 'csv' | 'json'): string {
    return this.http.url(`${this.path(slug, id)}/endorsements`, { format });
  }

  async list(slug: string): Promise<Declaration[]> {
    return (await this.http.get<{ items: Declaration[] }>(this.path(slug))).items;
  }

  get(slug: string, id: string): Promise<Declaration> {
    return this.http.get<Declaration>(this.path(slug, id));
  }

  create(slug: string, body: { title: string; texts: Record<string, string>; closesAt?: string }) {
    return this.http.post<Declaration>(this.path(slug), body);
  }

  publish(slug: string, id: string): Promise<Declaration> {
    return this.http.post<Declaration>(`${this.path(slug, id)}/publish`);
  }

  close(slug: string, id: string): Promise<Declaration> {
    return this.http.post<Declaration>(`${this.path(slug, id)}/close`);
  }

  endorsements(slug: string, id: string, query: { status?: EndorsementFilter; q?: string } = {}) {
    return this.http.get<EndorsementList>(`${this.path(slug, id)}/endorsements`, query);
  }

  async mine(slug: string, id: string): Promise<Endorsement[]> {
    return (await this.http.get<{ items: Endorsement[] }>(`${this.path(slug, id)}/endorsements/mine`)).items;
  }

  endorse(
    slug: string,
    id: string,
    body: { organizationId: string; representative: { name: string; position: string }; statement?: string },
  ): Promise<Endorsement> {
    return this.http.post<Endorsement>(`${this.path(slug, id)}/endorsements`, body);
  }

  verify(slug: string, id: string, eid: string): Promise<Endorsement> {
    return this.http.post<Endorsement>(`${this.path(slug, id)}/endorsements/${enc(eid)}/verify`);
  }

  reject(slug: string, id: string, eid: string, reason: string): Promise<Endorsement> {
    return this.http.post<Endorsement>(`${this.path(slug, id)}/endorsements/${enc(eid)}/reject`, { reason });
  }

  withdraw(slug: string, id: string, eid: string): Promise<Endorsement> {
    return this.http.delete<Endorsement>(`${this.path(slug, id)}/endorsements/${enc(eid)}`);
  }

  async searchOrganizations(q: string): Promise<Organization[]> {
    return (await this.http.get<{ items: Organization[] }>('/organizations', { q, limit: 20 })).items;
  }

  createOrganization(body: { name: string; country?: string }): Promise<Organization> {
    return this.http.post<Organization>('/organizations', body);
  }
}
