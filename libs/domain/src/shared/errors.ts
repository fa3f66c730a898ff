/** Base of every error the domain raises on purpose; the application maps each kind to one API error shape. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A domain rule refused the command (HTTP 422 `{error:'rule', rule, message}`). `rule` is a snake_case code. */
export class RuleViolation extends DomainError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The command acts on an aggregate whose stream holds nothing yet (HTTP 404). */
export class NotFound extends DomainError {
  readonly rule = 'not_found';
  constructor(
    readonly aggregate: string,
    readonly id: string,
  ) {
    super(`No ${aggregate} with id ${id}.`);
  }
}

/**
 * The application did not pass a context value the decider needs for this command (a programming error, so a 500):
 * the decider refuses to guess rather than decide on missing facts.
 */
export class MissingContext extends DomainError {
  constructor(
    readonly commandType: string,
    readonly field: string,
  ) {
    super(`${commandType} needs context.${field}.`);
  }
}

/** Shorthand used by the deciders: throw a RuleViolation when the condition does not hold. */
export function ensure(condition: boolean, rule: string, message: string): asserts condition {
  if (!condition) throw new RuleViolation(rule, message);
}

/** Rule codes shared by every aggregate. */
export const CommonRule = {
  AlreadyExists: 'already_exists',
  NotFound: 'not_found',
  EndBeforeStart: 'end_before_start',
} as const;
