import * as z from 'zod';
import type { FailureClass, RunStatus } from './run-model.js';
import { contactSchema } from './sales-model.js';

/**
 * A campaign: one goal over many accounts. Each account gets a child sales
 * run that scores and qualifies it; the best fits get a second child run that
 * drafts outreach, each waiting for its own approval.
 */

/** The most accounts one campaign may select; keeps its Map payloads small. */
export const maxCampaignAccounts = 500;

/** The most drafts one campaign may ask for; every draft waits for a human at once. */
export const maxCampaignDrafts = 50;

/** Which accounts a campaign works: exactly one of these. */
export const selectionSchema = z
  .strictObject({
    regionalOffice: z.string().trim().min(1).max(100).optional(),
    salesAgent: z.string().trim().min(1).max(200).optional(),
    sector: z.string().trim().min(1).max(100).optional(),
    accountIds: z.array(z.string().min(1).max(200)).min(1).max(maxCampaignAccounts).optional(),
  })
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of regionalOffice, salesAgent, sector or accountIds',
  });
export type Selection = z.infer<typeof selectionSchema>;

/** The contact every draft is addressed to: the CRM holds no contacts. */
export const campaignContactSchema = contactSchema.omit({ email: true }).strict();

export const campaignStatuses = [
  'SELECTING',
  'SCORING',
  'DRAFTING',
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** The two kinds of child run a campaign starts. */
export type CampaignPhase = 'score' | 'draft';

/**
 * What became of one account in one phase: the small summary a Map item
 * returns. The run itself, with every result, stays in the runs table.
 */
export interface AccountSummary {
  accountId: string;
  status: 'running' | 'scored' | 'drafted' | 'skipped' | 'failed';
  runId?: string;
  runStatus?: RunStatus;
  /** Fit score and tier, from the score run's score-account-fit step. */
  score?: number;
  tier?: string;
  /** Why an account was skipped: `budget_exhausted`, `budget_exceeded`. */
  reason?: string;
  error?: { class?: FailureClass; name: string; message: string };
}

/** The source of truth for one campaign, as kept in the campaigns table. */
export interface CampaignRecord {
  campaignId: string;
  traceId: string;
  status: CampaignStatus;
  goal: string;
  selection: Selection;
  draftTop: number;
  concurrency: number;
  contact?: z.infer<typeof campaignContactSchema>;
  /** The campaign's budget, its id: each child run is allotted its plan's cost from it. */
  budgetId: string;
  /**
   * The budget's limit: as asked for, or, when the request names none, what
   * the rules planner's plans cost for every selected account and draft.
   * Set once the accounts are selected.
   */
  budgetLimit?: number;
  /** The selected accounts, in the order they are worked. */
  accountIds?: string[];
  /** Account names by id, for the views. */
  accountNames?: Record<string, string>;
  /** The score phase, by account id. */
  scored: Record<string, AccountSummary>;
  /** The accounts chosen for drafts, best first. */
  ranking?: string[];
  /** The draft phase, by account id. */
  drafts: Record<string, AccountSummary>;
  error?: { name: string; message: string };
  executionArn?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}
