import type { z } from 'zod';
import {
  planSchema,
  type PlanStep,
  type RunRecord,
  type ToolStep,
} from '../../commons/run-model.js';
import { isReference, resolveStepInput } from '../../commons/step-input.js';
import { toolCatalogue } from '../../commons/tool-catalogue.js';
import type { AnyTool } from '../../commons/tool.js';
import { llmAnswerSchema, runReferences, type LlmAnswer } from './llm-prompt.js';
import { withApprovals } from './rules-planner.js';

/**
 * Checks the model's answer before anything runs, and turns it into plan
 * steps with the approvals it must have. A plan is rejected at its first
 * problem, with the exact reason (see fallback-reasons.ts).
 *
 * Step inputs are checked against their tools' schemas with their `$ref`s
 * resolved where they can be now: a `run.*` reference takes the run's real
 * value; a `steps.<id>.output` reference exists only once that step has run,
 * so the field it fills is not checked (its tool checks it then) and only the
 * literal parts around it are.
 */

/** The plan steps to run and the model's explanation, or why not. */
export type PlanCheck =
  { ok: true; steps: PlanStep[]; explanation: string } | { ok: false; reason: string };

type LlmStep = LlmAnswer['steps'][number];
type Path = (string | number)[];

const runReference = new RegExp(
  `^(${Object.keys(runReferences).join('|').replaceAll('.', '\\.')})(\\.[^.]+)*$`,
);
const stepReference = /^steps\.([^.]+)\.output(\.[^.]+)*$/;
const maxDetail = 80;

/** The plan's steps once approvals are in: ids like `approve-<id>` must still fit. */
const gatedStepsSchema = planSchema.pick({ steps: true });

/** Checks `answer` for `run`, with the profile's tools and the budget left. */
export function checkLlmPlan(
  answer: unknown,
  run: RunRecord,
  allowed: ReadonlyMap<string, AnyTool>,
  budget: number,
): PlanCheck {
  const parsed = llmAnswerSchema.safeParse(withoutApprovalSteps(answer));
  if (!parsed.success) return reject('llm_invalid_plan', issuePath(parsed.error));

  const steps: ToolStep[] = [];
  for (const step of parsed.data.steps) {
    const problem = stepProblem(step, steps, run, allowed);
    if (problem) return { ok: false, reason: problem };
    const tool = allowed.get(step.tool) as AnyTool;
    steps.push({
      id: step.id,
      kind: 'tool',
      tool: step.tool,
      domain: tool.domain,
      input: step.input,
      why: step.why,
      cost: tool.cost,
    });
  }

  const cost = steps.reduce((sum, step) => sum + step.cost, 0);
  if (cost > budget) return { ok: false, reason: 'llm_over_budget' };

  const gated = gatedStepsSchema.safeParse({ steps: withApprovals(steps, allowed) });
  if (!gated.success) return reject('llm_invalid_plan', issuePath(gated.error));
  return { ok: true, steps: gated.data.steps, explanation: parsed.data.explanation };
}

/**
 * The model is told not to write approvals; if it does anyway they are
 * dropped here, since approvals are the planner's to place, not the model's.
 */
function withoutApprovalSteps(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null) return answer;
  const steps = (answer as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return answer;
  const isApproval = (step: unknown) =>
    typeof step === 'object' && step !== null && (step as { kind?: unknown }).kind === 'approval';
  return { ...answer, steps: steps.filter((step) => !isApproval(step)) };
}

/** The first problem of one step, given the steps before it, or undefined. */
function stepProblem(
  step: LlmStep,
  earlier: ToolStep[],
  run: RunRecord,
  allowed: ReadonlyMap<string, AnyTool>,
): string | undefined {
  if (earlier.some((other) => other.id === step.id)) return reason('llm_duplicate_step', step.id);
  if (step.id === 'planner' || step.id.startsWith('approve-')) {
    return reason('llm_reserved_step_id', step.id);
  }
  if (!toolCatalogue.has(step.tool)) return reason('llm_unknown_tool', step.tool);
  const tool = allowed.get(step.tool);
  if (!tool) return reason('llm_tool_not_allowed', step.tool);

  for (const { ref } of references(step.input, [])) {
    const stepId = stepReference.exec(ref)?.[1];
    if (stepId === undefined) {
      if (!runReference.test(ref)) return reason('llm_bad_ref', ref);
    } else if (!earlier.some((other) => other.id === stepId)) {
      return reason('llm_ref_not_earlier', stepId);
    }
  }

  return inputFits(tool, step.input, run) ? undefined : reason('llm_invalid_input', tool.name);
}

/** Whether `input`, its references resolved as far as they can be now, fits the tool. */
function inputFits(tool: AnyTool, input: Record<string, unknown>, run: RunRecord): boolean {
  const deferred = references(input, [])
    .filter(({ ref }) => stepReference.test(ref))
    .map(({ path }) => path);
  const standIn = resolveStepInput(withoutStepReferences(input), run);
  const result = tool.input.safeParse(standIn);
  if (result.success) return true;
  const isDeferred = (issuePath: PropertyKey[]) =>
    deferred.some((path) => path.every((key, index) => String(issuePath[index]) === String(key)));
  return result.error.issues.every((issue) => isDeferred(issue.path));
}

/** Every reference in `value`, with where it sits. */
function references(value: unknown, path: Path): { ref: string; path: Path }[] {
  if (isReference(value)) return [{ ref: value.$ref, path }];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => references(item, [...path, index]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => references(item, [...path, key]));
  }
  return [];
}

/** `value` with each step reference taken out (left empty in an array). */
function withoutStepReferences(value: unknown): unknown {
  if (isReference(value)) return stepReference.test(value.$ref) ? undefined : value;
  if (Array.isArray(value)) return value.map(withoutStepReferences);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, withoutStepReferences(item)] as const)
        .filter(([, item]) => item !== undefined),
    );
  }
  return value;
}

function issuePath(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? path.map(String).join('.') : '(root)';
}

/** A reason with its detail cut short, as the detail is the model's text. */
function reason(kind: string, detail: string): string {
  return `${kind}:${detail.slice(0, maxDetail)}`;
}

function reject(kind: string, detail: string): PlanCheck {
  return { ok: false, reason: reason(kind, detail) };
}
