import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { AppConfig } from '../config.js';
import { DEFAULTS } from '../config.js';
import { WindowLimiter } from '../platform/window-limiter.js';
import { APP_CONFIG } from '../platform/tokens.js';

/** A 429 with `Retry-After` (seconds) and api.md's error shape. */
export class TooManyRequests extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Failed sign-ins per IP (an unknown bearer token, a wrong token or code on `POST /api/session`): after
 * `signInFailuresPerMinute` of them in a minute the address must wait a minute, and every sign-in attempt from it
 * (any bearer token, any `POST /api/session`) is answered 429 with `Retry-After` until then.
 */
@Injectable()
export class SignInLimiter {
  private readonly limit: number;
  private readonly failures: WindowLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.signInFailuresPerMinute ?? DEFAULTS.signInFailuresPerMinute;
    this.failures = new WindowLimiter(this.limit, 60_000);
  }

  /** Throws 429 while the address is blocked. */
  check(ip: string): void {
    if (this.limit === 0) return;
    const hit = this.failures.check(ip);
    if (hit.blocked) throw refusal(hit.retryAfterSeconds);
  }

  /** Counts a failure; throws 429 when it was one too many. */
  fail(ip: string): void {
    if (this.limit === 0) return;
    const hit = this.failures.hit(ip);
    if (hit.blocked) throw refusal(hit.retryAfterSeconds);
  }
}

function refusal(seconds: number): TooManyRequests {
  return new TooManyRequests(seconds, `Too many failed sign-ins from this address; try again in ${seconds} s.`);
}

/** Sets `Retry-After` on the response for a 429. */
export function setRetryAfter(response: ServerResponse, seconds: number): void {
  if (!response.headersSent) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(seconds))));
}
