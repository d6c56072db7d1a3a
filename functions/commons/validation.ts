import type { z } from 'zod';
import { InputError, type FieldProblem } from './errors.js';

/**
 * Turns zod's issues into field problems a person can act on: one per field,
 * named by its dotted path, `rootField` for the value as a whole. An unknown
 * key is named itself, not its parent.
 */
export function fieldProblems(error: z.ZodError, rootField = '(body)'): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        problem: 'unknown field',
      }));
    }
    return [{ field: path.length > 0 ? path.join('.') : rootField, problem: issue.message }];
  });
}

/**
 * Parses `value` with `schema` or throws an InputError naming each bad field.
 * `what` names the value in the message, and the field when the value itself
 * is wrong (a header, say) rather than one of its fields.
 */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
  rootField = '(body)',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error, rootField);
  const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  throw new InputError(`invalid ${what}: ${summary}`, problems);
}
