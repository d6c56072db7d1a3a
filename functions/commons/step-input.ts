import { InputError } from './errors.js';
import type { RunRecord } from './run-model.js';

/**
 * A plan step's input may point at values the run knows only later:
 * `{ "$ref": "run.account" }` or `{ "$ref": "steps.signals.output" }`, with a
 * dotted path below either. References are resolved when the step runs.
 */

type Json = unknown;

/** A reference: an object whose only key is a string `$ref`. */
export function isReference(value: Json): value is { $ref: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}

function lookUp(run: RunRecord, reference: string): Json {
  const [root, ...path] = reference.split('.');
  let value: Json;
  if (root === 'run') {
    value = {
      account: run.account,
      contact: run.contact,
      template: run.template,
      evidence: run.evidence,
      crmRecord: run.crmRecord,
      goal: run.goal,
    };
  } else if (root === 'steps') {
    const stepId = path.shift() ?? '';
    const outcome = run.steps[stepId];
    if (!outcome || outcome.output === undefined) {
      throw new InputError(`step ${stepId} has no output to use`, [
        { field: `$ref:${reference}`, problem: `step ${stepId} did not produce an output` },
      ]);
    }
    value = { output: outcome.output };
  } else {
    throw new InputError(`unknown reference ${reference}`, [
      { field: `$ref:${reference}`, problem: 'must start with run. or steps.' },
    ]);
  }
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, Json>)[key];
  }
  return value;
}

/** Replaces every reference in `input` by the value it points at. */
export function resolveStepInput(input: Json, run: RunRecord): Json {
  if (isReference(input)) return lookUp(run, input.$ref);
  if (Array.isArray(input)) return input.map((item) => resolveStepInput(item, run));
  if (typeof input === 'object' && input !== null) {
    return Object.fromEntries(
      Object.entries(input)
        .map(([key, value]) => [key, resolveStepInput(value, run)] as const)
        .filter(([, value]) => value !== undefined),
    );
  }
  return input;
}
