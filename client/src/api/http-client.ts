/** The REST client: JSON in and out, the bearer token from the auth store, one error class for every failure. */

export type FieldErrors = Record<string, string[]>;

/** An error answer of the API (`{ statusCode, code, message, details, requestId }`) or a network failure. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldErrors;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(
    code: string,
    message: string,
    status: number,
    details: Record<string, unknown> = {},
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
    this.fields = toFieldErrors(details['fields']);
  }
}

function toFieldErrors(value: unknown): FieldErrors {
  const fields: FieldErrors = {};
  if (typeof value !== 'object' || value === null) {
    return fields;
  }
  for (const [key, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      fields[key] = messages.filter((item): item is string => typeof item === 'string');
    } else if (typeof messages === 'string') {
      fields[key] = [messages];
    }
  }
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds an ApiError from a response body, whatever the server or a proxy sent. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body['code'] === 'string') {
    const message = typeof body['message'] === 'string' ? body['message'] : body['code'];
    const details = isRecord(body['details']) ? body['details'] : {};
    const requestId = typeof body['requestId'] === 'string' ? body['requestId'] : undefined;
    return new ApiError(body['code'], message, status, details, requestId);
  }
  return new ApiError(status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', `HTTP ${status}`, status);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface HttpClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** The UI language: programme texts come back in it where translated (`Accept-Language`). */
  getLanguage?: () => string;
  /** Called when the server says the token is no longer valid (401 on an authenticated request). */
  onUnauthenticated?: () => void;
  fetch?: typeof fetch;
}

export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  private readonly options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl ?? '/api';
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body ?? {});
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** GETs a text document (CSV exports) with the caller's token. */
  async getText(path: string, query?: Query, accept = 'text/csv'): Promise<string> {
    const response = await this.send('GET', path, undefined, query, accept);
    return response.text();
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const response = await this.send(method, path, body, query, 'application/json');
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    query: Query | undefined,
    accept: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    const language = this.options.getLanguage?.();
    if (language) {
      headers['Accept-Language'] = language;
    }
    const token = this.options.getToken();
    if (token) {
      headers['Authorization'] = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('NETWORK', 'The server could not be reached', 0);
    }
    if (!response.ok) {
      let parsed: unknown;
      try {
        parsed = await response.json();
      } catch {
        parsed = undefined;
      }
      const error = toApiError(response.status, parsed);
      if (response.status === 401 && token) {
        this.options.onUnauthenticated?.();
      }
      throw error;
    }
    return response;
  }
}
