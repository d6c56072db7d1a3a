import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { findBudget, type Budget } from '../../commons/budget-store.js';
import {
  campaignStatuses,
  type AccountSummary,
  type CampaignPhase,
  type CampaignRecord,
} from '../../commons/campaign-model.js';
import { getCampaign } from '../../commons/campaign-store.js';
import type { RunRecord } from '../../commons/run-model.js';
import { findRun } from '../../commons/run-store.js';
import { renderCampaignPage } from './campaign-page.js';
import { header, html, json } from './http.js';

/**
 * `GET /campaigns/{campaignId}`: the campaign as its record tells it, with
 * each draft's approval read from its run. JSON, or the campaign page when
 * the caller asks for HTML.
 */
export async function getCampaignView(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const campaign = await getCampaign(event.pathParameters?.campaignId ?? '');
  const view = await loadCampaignView(campaign);
  const accept = header(event, 'accept') ?? '';
  if (accept.includes('text/html')) return html(200, renderCampaignPage(view));
  return json(200, view);
}

/** The campaign's view, with its budget and its draft runs read. */
export async function loadCampaignView(campaign: CampaignRecord) {
  const runIds = Object.values(campaign.drafts).flatMap((d) => (d.runId ? [d.runId] : []));
  const [budget, ...runs] = await Promise.all([
    findBudget(campaign.budgetId),
    ...runIds.map((runId) => findRun(runId)),
  ]);
  const draftRuns = runs.filter((run): run is RunRecord => run !== undefined);
  return presentCampaign(campaign, budget as Budget | undefined, draftRuns);
}

/**
 * The answer of `GET /campaigns/{campaignId}`, for the OpenAPI document:
 * the fields a client relies on; presentCampaign is the shape in full.
 */
export const campaignViewSchema = z.looseObject({
  campaignId: z.string(),
  traceId: z.string(),
  status: z.enum(campaignStatuses),
  goal: z.string(),
  counts: z.looseObject({ accounts: z.number().int() }),
  ranked: z
    .array(z.looseObject({ rank: z.number().int(), accountId: z.string(), name: z.string() }))
    .meta({ description: 'Scored accounts, best fit first.' }),
  skipped: z.array(z.looseObject({ accountId: z.string(), phase: z.enum(['score', 'draft']) })),
  failures: z.array(z.looseObject({ accountId: z.string(), phase: z.enum(['score', 'draft']) })),
  drafts: z.array(z.looseObject({ accountId: z.string(), status: z.string() })).meta({
    description: 'The top accounts, with their draft and its approval (waiting: its URL).',
  }),
});

/** Where a draft stands: drafting, waiting for a human, or decided. */
export type DraftState =
  'drafting' | 'waiting' | 'approved' | 'rejected' | 'timed_out' | 'skipped' | 'failed';

/** The public view of a campaign. Pure. */
export function presentCampaign(
  campaign: CampaignRecord,
  budget: Budget | undefined,
  draftRuns: RunRecord[],
) {
  const name = (accountId: string) => campaign.accountNames?.[accountId] ?? accountId;
  const order = new Map((campaign.accountIds ?? []).map((id, index) => [id, index]));
  const scored = Object.values(campaign.scored);
  const drafted = new Set(campaign.ranking ?? []);

  const ranked = scored
    .filter((s) => s.status === 'scored')
    .sort(
      (a, b) =>
        (b.score ?? 0) - (a.score ?? 0) ||
        (order.get(a.accountId) ?? 0) - (order.get(b.accountId) ?? 0),
    )
    .map((s, index) => ({
      rank: index + 1,
      accountId: s.accountId,
      name: name(s.accountId),
      score: s.score,
      tier: s.tier,
      runId: s.runId,
      runStatus: s.runStatus,
      draft: drafted.has(s.accountId),
    }));

  const phases: [CampaignPhase, AccountSummary[]][] = [
    ['score', scored],
    ['draft', Object.values(campaign.drafts)],
  ];
  const listed = (status: 'skipped' | 'failed') =>
    phases.flatMap(([phase, summaries]) =>
      summaries
        .filter((s) => s.status === status)
        .map((s) => ({
          accountId: s.accountId,
          name: name(s.accountId),
          phase,
          runId: s.runId,
          reason: s.reason,
          error: s.error,
        })),
    );

  const runs = new Map(draftRuns.map((run) => [run.runId, run]));
  const drafts = (campaign.ranking ?? []).map((accountId) =>
    presentDraft(accountId, name(accountId), campaign.drafts[accountId], runs),
  );
  const count = (state: DraftState) => drafts.filter((d) => d.status === state).length;
  const countScored = (status: AccountSummary['status']) =>
    scored.filter((s) => s.status === status).length;

  return {
    campaignId: campaign.campaignId,
    traceId: campaign.traceId,
    status: campaign.status,
    goal: campaign.goal,
    selection: campaign.selection,
    draftTop: campaign.draftTop,
    concurrency: campaign.concurrency,
    budget: {
      limit: campaign.budgetLimit,
      spent: budget?.spent ?? 0,
      remaining: budget?.remaining ?? campaign.budgetLimit,
    },
    counts: {
      accounts: campaign.accountIds?.length ?? 0,
      scored: countScored('scored'),
      running: countScored('running'),
      skipped: countScored('skipped'),
      failed: countScored('failed'),
      drafts: {
        drafting: count('drafting'),
        waiting: count('waiting'),
        approved: count('approved'),
        rejected: count('rejected'),
        timedOut: count('timed_out'),
        skipped: count('skipped'),
        failed: count('failed'),
      },
    },
    ranked,
    skipped: listed('skipped'),
    failures: listed('failed'),
    drafts,
    error: campaign.error,
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
    finishedAt: campaign.finishedAt,
  };
}

export type CampaignView = ReturnType<typeof presentCampaign>;
export type DraftView = CampaignView['drafts'][number];

function presentDraft(
  accountId: string,
  accountName: string,
  summary: AccountSummary | undefined,
  runs: Map<string, RunRecord>,
) {
  const run = summary?.runId ? runs.get(summary.runId) : undefined;
  const approval = run && Object.values(run.approvals)[0];
  const draft = run?.steps['draft-outreach']?.output as
    { subject?: string; body?: string } | undefined;
  const quality = run?.steps['assess-message-quality']?.output as { score?: number } | undefined;
  const states: Record<string, DraftState> = {
    PENDING: 'waiting',
    APPROVED: 'approved',
    REJECTED: 'rejected',
    TIMED_OUT: 'timed_out',
  };
  let status: DraftState = approval ? (states[approval.status] ?? 'waiting') : 'drafting';
  if (!approval && (summary?.status === 'skipped' || summary?.status === 'failed')) {
    status = summary.status;
  }
  return {
    accountId,
    name: accountName,
    runId: summary?.runId,
    status,
    approvalId: approval?.approvalId,
    approvalUrl: approval?.status === 'PENDING' ? approval.url : undefined,
    subject: draft?.subject,
    body: draft?.body,
    quality: quality?.score,
    requestedAt: approval?.requestedAt,
    expiresAt: approval?.expiresAt,
    decidedAt: approval?.decidedAt,
    reason: approval?.reason || summary?.reason,
    error: summary?.error,
  };
}
