import { expect } from 'vitest';
import { InputError, type FieldProblem } from '../../functions/commons/errors.js';

/** The field problems of the InputError `action` throws; fails if it throws none. */
export function problemsOf(action: () => unknown): FieldProblem[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}

/** The field problems of the InputError `action` rejects with. */
export async function asyncProblemsOf(action: () => Promise<unknown>): Promise<FieldProblem[]> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}
