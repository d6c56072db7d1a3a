/**
 * The errors the product raises on purpose. Each has a stable `name`: Step
 * Functions matches Retry and Catch rules on it, and the API maps it to a
 * status code. Anything else that escapes is an internal error.
 */

/** What a failure is, as the run record and the metrics classify it. */
export type FailureClass = 'input' | 'budget' | 'dependency' | 'internal';

/** One problem with one field of an input. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** A request or tool input that does not satisfy its schema. */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** Something asked for does not exist: a run, an account, an approval. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A state change that is no longer allowed, such as a second decision. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';

  constructor(
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A dependency failed in a way that may pass: a throttled call, a timeout, a
 * 5xx. The workflow retries it with backoff.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** A dependency failed for good: retrying will not help. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}

/** Narrows an unknown thrown value to an Error. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** Maps an error name, as Step Functions reports it, to its class. */
export function classifyFailure(errorName: string): FailureClass {
  if (errorName === 'InputError' || errorName === 'NotFoundError') return 'input';
  if (errorName === 'BudgetExceeded') return 'budget';
  if (
    errorName === 'TransientError' ||
    errorName === 'DependencyError' ||
    errorName === 'States.Timeout' ||
    errorName.startsWith('Lambda.')
  ) {
    return 'dependency';
  }
  return 'internal';
}
