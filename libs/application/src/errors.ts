/** Errors of the application layer; the HTTP exception filter maps each to one shape of api.md. */
export class ApplicationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No valid bearer token (HTTP 401). */
export class Unauthenticated extends ApplicationError {}

/** The actor's role or organisation does not allow this (HTTP 403 `{error:'forbidden', reason}`). */
export class Forbidden extends ApplicationError {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** An Idempotency-Key came back with another request (HTTP 422 `{error:'rule', rule:'idempotency_key_reused'}`). */
export class IdempotencyKeyReused extends ApplicationError {
  readonly rule = 'idempotency_key_reused';
  constructor() {
    super('This Idempotency-Key was already used for a different request.');
  }
}

/** The command kept meeting concurrent writers and gave up (HTTP 409 without If-Match). */
export class TooMuchContention extends ApplicationError {}
