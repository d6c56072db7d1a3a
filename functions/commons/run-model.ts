import * as z from 'zod';
import { domains } from './tool.js';
import type { FailureClass } from './errors.js';
import { accountSchema, contactSchema } from './sales-model.js';

export type { FailureClass };

/** A step of the plan that runs one tool. */
export const toolStepSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
  kind: z.literal('tool'),
  tool: z.string().min(1),
  domain: z.enum(domains),
  /** The tool's input; `{ "$ref": "..." }` values are resolved at run time. */
  input: z.record(z.string(), z.unknown()),
  why: z.string().min(1).max(500),
  cost: z.number().int().nonnegative(),
});
export type ToolStep = z.infer<typeof toolStepSchema>;

/** A step that waits for a human to approve the proposal of an earlier step. */
export const approvalStepSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
  kind: z.literal('approval'),
  /** The id of the step whose proposal is to be approved. */
  of: z.string().min(1),
  why: z.string().min(1).max(500),
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

export const planStepSchema = z.discriminatedUnion('kind', [toolStepSchema, approvalStepSchema]);
export type PlanStep = z.infer<typeof planStepSchema>;

export const planSchema = z.object({
  steps: z.array(planStepSchema).min(1).max(20),
  planner: z.enum(['rules', 'llm']),
  explanation: z.string().min(1),
  /** Why the LLM planner's plan was not used, when it was not. */
  fallbackReason: z.string().optional(),
  /** LLM tokens spent on planning. */
  tokens: z.number().int().nonnegative().default(0),
});
export type Plan = z.infer<typeof planSchema>;

export const runStatuses = [
  'PLANNING',
  'RUNNING',
  'AWAITING_APPROVAL',
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
] as const;
export type RunStatus = (typeof runStatuses)[number];

export const stepStatuses = [
  'succeeded',
  'failed',
  'skipped',
  'approved',
  'rejected',
  'timed_out',
] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** Why a proposal was not approved. */
export type NotApprovedReason = 'rejected' | 'approval_timed_out';

/** What became of one step. */
export interface StepOutcome {
  status: StepStatus;
  output?: unknown;
  error?: { class: FailureClass; name: string; message: string };
  /** Why a step was skipped: `budget_exceeded`, `rejected`, ... */
  reason?: string;
  cost?: number;
  startedAt?: string;
  finishedAt: string;
  durationMs?: number;
  /** On a proposing step: whether a human approved what it proposed. */
  approval?: { approved: boolean; reason?: NotApprovedReason; decidedAt?: string };
}

/** An approval as the run record shows it; the task token is never here. */
export interface ApprovalSummary {
  approvalId: string;
  stepId: string;
  of: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'TIMED_OUT';
  url: string;
  requestedAt: string;
  expiresAt: string;
  decidedAt?: string;
  reason?: string;
}

export const runRequestContactSchema = contactSchema;
export const runAccountSchema = accountSchema;

/** The source of truth for one run, as kept in the runs table. */
export interface RunRecord {
  runId: string;
  traceId: string;
  status: RunStatus;
  goal: string;
  profile: 'rep' | 'manager';
  account: z.infer<typeof accountSchema>;
  contact?: z.infer<typeof contactSchema>;
  /** The outreach template the rep asked for, if any. */
  template?: { subject: string; body: string };
  /**
   * The account as a CRM exported it (Salesforce, HubSpot, CSV or plain field
   * names), when the request gave one: the plan normalizes it first, and
   * `account` holds only its id and name until then.
   */
  crmRecord?: Record<string, unknown>;
  /** What the rep knows of the deal, for qualification: notes per element. */
  evidence?: Record<string, unknown>;
  budgetLimit: number;
  /**
   * The budget the run reserves from: its own (`runId`, the default) or its
   * campaign's, which every run of the campaign shares.
   */
  budgetId?: string;
  /** The campaign that started the run, if any. */
  campaignId?: string;
  plan?: Plan;
  steps: Record<string, StepOutcome>;
  approvals: Record<string, ApprovalSummary>;
  error?: { class: FailureClass; name: string; message: string };
  executionArn?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}
