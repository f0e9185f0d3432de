import type { HttpClient } from './http-client';
import type { AuthResponse } from './types';

export type AccountLocale = 'en' | 'zh-CN' | 'ru';

export interface Profile {
  id: string;
  email: string;
  name: string;
  locale: AccountLocale;
  timezone: string | null;
  reminders: boolean;
  roles: { eventSlug: string; role: string }[];
  /** Only after a password change. */
  accessToken?: string;
}

export interface ProfileChange {
  name?: string;
  locale?: AccountLocale;
  timezone?: string | null;
  reminders?: boolean;
  password?: { current: string; next: string };
}

/** The account endpoints: sign out, password reset, profile, export and deletion. */
export class AccountApi {
  private readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  logout(): Promise<void> {
    return this.http.post<void>('/auth/logout');
  }
  logoutEverywhere(): Promise<void> {
    return this.http.post<void>('/auth/logout-all');
  }
  forgotPassword(email: string): Promise<{ status: string }> {
    return this.http.post('/auth/password/forgot', { email });
  }
  resetPassword(token: string, password: string): Promise<AuthResponse> {
    return this.http.post<AuthResponse>('/auth/password/reset', { token, password });
  }
  profile(): Promise<Profile> {
    return this.http.get<Profile>('/me');
  }
  updateProfile(change: ProfileChange): Promise<Profile> {
    return this.http.patch<Profile>('/me', change);
  }
  exportData(): Promise<unknown> {
    return this.http.get<unknown>('/me/export');
  }
  deleteAccount(password: string): Promise<void> {
    return this.http.request<void>('DELETE', '/me', { password });
  }
}
