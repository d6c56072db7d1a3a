import type { z } from 'zod';
import { InputError, type FieldProblem } from './errors.js';

/** Turns zod's issues into field problems a person can act on. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    problem: issue.message,
  }));
}

/** Parses `value` with `schema` or throws an InputError naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error);
  const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  throw new InputError(`invalid ${what}: ${summary}`, problems);
}
