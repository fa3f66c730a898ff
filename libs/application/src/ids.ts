import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Akkoord's namespace for derived ids (a fixed, random uuid). */
export const AKKOORD_NAMESPACE = '6f1e2f38-5d2b-4c4e-9d0e-7a1d3b8e2c41';

/** A command's id: derived from the actor and the Idempotency-Key when there is one, so a retry gets the same id. */
export function commandIdFor(userId: string, idempotencyKey?: string): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : uuidv5(`idempotency\n${userId}\n${idempotencyKey}`, AKKOORD_NAMESPACE);
}

/** The i-th event of a command: derived from the command id, so a retried command appends nothing twice. */
export function eventIdFor(commandId: string, index: number): string {
  return uuidv5(`${commandId}/${index}`, AKKOORD_NAMESPACE);
}
