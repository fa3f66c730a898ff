import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PersonalDataVault } from '@akkoord/application';
import { from, mergeMap, type Observable } from 'rxjs';

const KEEP_SEALED = 'akkoord:keep-sealed';

/**
 * On a route whose answer must keep the stored bytes (event envelopes a client hashes to check a Merkle proof):
 * personal values stay sealed (`pd1:…`) in that answer.
 */
export const KeepSealed = () => SetMetadata(KEEP_SEALED, true);

/**
 * Personal values stay sealed at rest — in the log and in every read model — and are opened here, at the edge: every
 * JSON answer has its sealed values (whole strings or inside a sentence) replaced by the plaintext, or by
 * `[verwijderd]` when the person was forgotten. Answers a route streams itself (exports, the live feed) open their
 * values where they are written.
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
    if (keep) return next.handle();
    return next.handle().pipe(mergeMap((body: unknown) => from(this.vault.openDeep(body))));
  }
}
