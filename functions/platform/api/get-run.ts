import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { budgetIdOf, findBudget, spentBy } from '../../commons/budget-store.js';
import { runStatuses, stepStatuses, type RunRecord } from '../../commons/run-model.js';
import { getRun } from '../../commons/run-store.js';
import { accountSchema, contactSchema } from '../../commons/sales-model.js';
import { domains } from '../../commons/tool.js';
import { profiles } from '../planner/profiles.js';
import { json } from './http.js';

const timestamp = z.iso.datetime();
const failureSchema = z
  .strictObject({
    class: z.enum(['input', 'budget', 'dependency', 'internal']),
    name: z.string(),
    message: z.string(),
  })
  .meta({ description: 'What failed, classified: input, budget, dependency or internal.' });

/** One step of a run's plan with what became of it, as `GET /runs/{runId}` shows it. */
export const stepViewSchema = z
  .strictObject({
    id: z.string().meta({ examples: ['draft-outreach'] }),
    kind: z.enum(['tool', 'approval']),
    tool: z.string().optional().meta({ description: 'The tool a `tool` step runs.' }),
    domain: z.enum(domains).optional(),
    cost: z.number().int().nonnegative().optional().meta({ description: 'Budget units.' }),
    of: z.string().optional().meta({ description: 'The step an `approval` step approves.' }),
    why: z.string(),
    status: z.enum(['pending', ...stepStatuses]),
    output: z.unknown().optional().meta({ description: "The tool's checked output." }),
    error: failureSchema.optional(),
    reason: z
      .string()
      .optional()
      .meta({
        description: 'Why the step did not run or was not approved.',
        examples: ['rejected', 'budget_exceeded'],
      }),
    startedAt: timestamp.optional(),
    finishedAt: timestamp.optional(),
    durationMs: z.number().nonnegative().optional(),
    approval: z
      .strictObject({
        approved: z.boolean(),
        reason: z.enum(['rejected', 'approval_timed_out']).optional(),
        decidedAt: timestamp.optional(),
      })
      .optional()
      .meta({ description: 'On a proposing step: whether a human approved its proposal.' }),
  })
  .meta({ description: 'A step of the plan and its outcome; `pending` until it has one.' });
export type StepView = z.infer<typeof stepViewSchema>;

/**
 * The answer of `GET /runs/{runId}`: what the API promises about a run. The
 * OpenAPI document is generated from it and the CLI reads runs by its type.
 */
export const runViewSchema = z
  .strictObject({
    runId: z.string().meta({ examples: ['run_1f0c1d7e-5b7a-4c36-9f5e-2f1d1b0c9a11'] }),
    traceId: z.string().meta({ examples: ['1-66a1b2c3-0123456789abcdef01234567'] }),
    status: z.enum(runStatuses),
    goal: z.string(),
    profile: z.enum(profiles),
    account: accountSchema,
    contact: contactSchema.optional(),
    plan: z
      .strictObject({
        planner: z.enum(['rules', 'llm']),
        explanation: z.string(),
        fallbackReason: z.string().optional(),
        tokens: z.number().int().nonnegative(),
      })
      .optional()
      .meta({ description: 'Absent until the run is planned.' }),
    steps: z.array(stepViewSchema).meta({ description: 'In plan order.' }),
    budget: z
      .strictObject({
        limit: z.number().int(),
        spent: z.number(),
        remaining: z.number(),
      })
      .meta({ description: 'Budget units: the limit, what the steps reserved, what is left.' }),
    approvals: z.array(
      z.strictObject({
        approvalId: z.string(),
        stepId: z.string(),
        of: z.string(),
        decision: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'TIMED_OUT']),
        requestedAt: timestamp,
        expiresAt: timestamp,
        decidedAt: timestamp.optional(),
        reason: z.string().optional(),
      }),
    ),
    approvalUrl: z
      .url()
      .optional()
      .meta({ description: 'The signed link of the waiting approval, while AWAITING_APPROVAL.' }),
    error: failureSchema.optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
    finishedAt: timestamp.optional(),
  })
  .meta({ description: 'A run as its record tells it; the record internals stay out.' });
export type RunView = z.infer<typeof runViewSchema>;

/** `GET /runs/{runId}`: the run as its record tells it, steps in plan order. */
export async function getRunView(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const runId = event.pathParameters?.runId ?? '';
  const run = await getRun(runId);
  // A campaign's runs share its budget: spent is the run's own, remaining the budget's.
  const budget = await findBudget(budgetIdOf(run));
  const usage = budget && { spent: spentBy(budget, runId), remaining: budget.remaining };
  return json(200, presentRun(run, usage));
}

/** The account as normalize-account made it from the run's CRM record, if it has run. */
function normalizedAccount(run: RunRecord): RunRecord['account'] | undefined {
  const output = run.steps['normalize-account']?.output as
    { account?: RunRecord['account'] } | undefined;
  return output?.account;
}

/** The public view of a run; the record's internals stay out. */
export function presentRun(run: RunRecord, usage?: { spent: number; remaining: number }): RunView {
  const plan = run.plan;
  const steps = (plan?.steps ?? []).map((step): StepView => {
    const outcome = run.steps[step.id];
    return {
      id: step.id,
      kind: step.kind,
      ...(step.kind === 'tool'
        ? { tool: step.tool, domain: step.domain, cost: step.cost }
        : { of: step.of }),
      why: step.why,
      status: outcome?.status ?? 'pending',
      ...(outcome ?? {}),
    };
  });
  const approvals = Object.values(run.approvals).sort((a, b) =>
    a.requestedAt.localeCompare(b.requestedAt),
  );
  const waiting = approvals.find((a) => a.status === 'PENDING');
  return {
    runId: run.runId,
    traceId: run.traceId,
    status: run.status,
    goal: run.goal,
    profile: run.profile,
    account: normalizedAccount(run) ?? run.account,
    contact: run.contact,
    plan: plan && {
      planner: plan.planner,
      explanation: plan.explanation,
      fallbackReason: plan.fallbackReason,
      tokens: plan.tokens,
    },
    steps,
    budget: {
      limit: run.budgetLimit,
      spent: usage?.spent ?? 0,
      remaining: usage?.remaining ?? run.budgetLimit,
    },
    approvals: approvals.map((a) => ({
      approvalId: a.approvalId,
      stepId: a.stepId,
      of: a.of,
      decision: a.status,
      requestedAt: a.requestedAt,
      expiresAt: a.expiresAt,
      decidedAt: a.decidedAt,
      reason: a.reason,
    })),
    approvalUrl: run.status === 'AWAITING_APPROVAL' ? waiting?.url : undefined,
    error: run.error,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
  };
}
