import {
  Injectable,
  SetMetadata,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { PersonalDataVault } from '@akkoord/application';
import { from, mergeMap, type Observable } from 'rxjs';
import { JsonText } from '../platform/answer-cache.js';

const KEEP_SEALED = 'akkoord:keep-sealed';

/**
 * On a route whose answer must keep the stored bytes (event envelopes a client hashes to check a Merkle proof):
 * personal values stay sealed (`pd1:…`) in that answer.
 */
export const KeepSealed = () => SetMetadata(KEEP_SEALED, true);

/** An answer a route returns as stored, its personal values sealed — for one request (`?personalData=sealed`). */
export class SealedAnswer<T> {
  constructor(readonly body: T) {}
}

/**
 * Personal values stay sealed at rest — in the log and in every read model — and are opened here, at the edge: every
 * JSON answer has its sealed values (whole strings or inside a sentence) replaced by the plaintext, or by
 * `[verwijderd]` when the person was forgotten. The answer is serialised once, here, and opened in its text (what
 * Express's `res.json` would have written, opened) rather than walked and copied. Answers a route streams itself
 * (exports, the live feed) open their values where they are written.
 */
@Injectable()
export class OpenPersonalData implements NestInterceptor {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const keep = this.reflector.getAllAndOverride<boolean | undefined>(KEEP_SEALED, [
      context.getHandler(),
      context.getClass(),
    ]);
    const response = context.switchToHttp().getResponse<ServerResponse>();
    return next.handle().pipe(mergeMap((body: unknown) => from(this.open(body, response, keep === true))));
  }

  private async open(body: unknown, response: ServerResponse, keepSealed: boolean): Promise<unknown> {
    if (body instanceof SealedAnswer) return body.body;
    const json =
      body instanceof JsonText ? body.text : keepSealed || !isJsonValue(body) ? undefined : JSON.stringify(body);
    if (json === undefined) return body;
    if (!response.getHeader('Content-Type')) response.setHeader('Content-Type', 'application/json; charset=utf-8');
    return keepSealed ? json : this.vault.openJson(json);
  }
}

/** What Express would send with `res.json`: an object or array (not a file, a stream or bytes). */
function isJsonValue(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !(body instanceof StreamableFile) && !Buffer.isBuffer(body);
}
