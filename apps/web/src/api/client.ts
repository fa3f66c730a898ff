/**
 * The one way the dashboard talks to the API: same-origin fetch with the session cookie and
 * `X-Requested-With: akkoord-web` (the server's CSRF check for cookie-authenticated writes). Errors become
 * `ApiError` with the status and the API's JSON body, so views can say in Dutch what went wrong.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error?: string;
  message?: string;
  reason?: string;
  rule?: string;
  details?: FieldError[];
  expectedVersion?: number;
  actualVersion?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? body?.reason ?? body?.error ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export type Params = Record<string, string | number | boolean | null | undefined>;

/** The highest ledger position this tab wrote; reads pass it as `minPosition` (read-your-writes). */
let minPosition = 0;
export function noteWrite(position: number): void {
  if (position > minPosition) minPosition = position;
}

export function withQuery(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

const HEADERS = { 'X-Requested-With': 'akkoord-web', Accept: 'application/json' };

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body as ApiErrorBody | null);
  return body as T;
}

export async function apiGet<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const withPosition = minPosition > 0 ? { ...params, minPosition } : params;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(withQuery(path, withPosition), {
      credentials: 'same-origin',
      headers: HEADERS,
      signal,
    });
    // 503 + Retry-After: the read models (or the replica this server reads) have not reached this tab's last write
    // yet; ask again a few times before showing an error
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (response.status !== 503 || !(retryAfter > 0) || attempt >= 3) return parse<T>(response);
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 5) * 1000));
  }
}

export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...HEADERS, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const result = await parse<T>(response);
  const position = (result as { globalPosition?: unknown } | undefined)?.globalPosition;
  if (typeof position === 'number') noteWrite(position);
  return result;
}
