import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import type {
  AccountSummary,
  CampaignPhase,
  CampaignRecord,
  CampaignStatus,
} from '../../commons/campaign-model.js';
import {
  finishCampaign,
  getCampaign,
  saveAccountSummary,
  savePhase,
  saveSelection,
} from '../../commons/campaign-store.js';
import { DynamoCrmReader } from '../../commons/crm-store.js';
import { instrument } from '../../commons/instrument.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { parseInput } from '../../commons/validation.js';
import { createBudget } from '../../commons/budget-store.js';
import {
  campaignCost,
  failedSummary,
  prepareChildRun,
  rankAccounts,
  summarizeChildRun,
} from './child-runs.js';
import { selectAccounts } from './select-accounts.js';

/**
 * The campaign workflow's one function, dispatching on `action` as the API
 * function dispatches on its route: select the accounts, prepare, summarize
 * or record the failure of one child run, rank the scored accounts, and
 * finalize. Each action is a few store calls around the pure modules.
 */

const ids = { campaignId: z.string().min(1), traceId: z.string().min(1) };
const phase = z.enum(['score', 'draft']);
const summary = z.looseObject({ accountId: z.string(), status: z.string() });
const failure = z.object({ Error: z.string(), Cause: z.string().optional() });

const eventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('select'), ...ids }),
  z.object({ action: z.literal('prepare'), ...ids, phase, accountId: z.string().min(1) }),
  z.object({
    action: z.literal('summarize'),
    ...ids,
    phase,
    accountId: z.string().min(1),
    runId: z.string().min(1),
  }),
  z.object({
    action: z.literal('fail'),
    phase,
    /** The Map item's whole state: the failure may have come before the run was made. */
    item: z.looseObject({
      ...ids,
      accountId: z.string().min(1),
      prepared: z.object({ summary: z.object({ runId: z.string().optional() }) }).optional(),
      failure,
    }),
  }),
  z.object({
    action: z.literal('rank'),
    ...ids,
    approvalTimeoutSeconds: z.number().int().positive(),
    scored: z.array(summary),
  }),
  z.object({
    action: z.literal('finalize'),
    /** The workflow's whole state: a caught failure may leave out any field. */
    state: z.looseObject({
      ...ids,
      drafted: z.array(summary).optional(),
      failure: failure.optional(),
    }),
  }),
]);
type CampaignEvent = z.infer<typeof eventSchema>;

export const handler = instrument('campaign', async (event: unknown) => {
  const request = parseInput(eventSchema, event, 'campaign event');
  const { campaignId, traceId } =
    request.action === 'finalize'
      ? request.state
      : request.action === 'fail'
        ? request.item
        : request;
  bindRun({ runId: campaignId, traceId });
  logger.appendKeys({ campaignId, action: request.action });
  return actions[request.action](request as never);
});

type Action<K extends CampaignEvent['action']> = (
  event: Extract<CampaignEvent, { action: K }>,
) => Promise<unknown>;

const actions: { [K in CampaignEvent['action']]: Action<K> } = {
  select: async ({ campaignId }) => {
    const campaign = await getCampaign(campaignId);
    const crm = new DynamoCrmReader();
    const [accounts, deals, salesAgents] = await Promise.all([
      crm.allAccounts(),
      campaign.selection.accountIds ? Promise.resolve([]) : crm.allDeals(),
      crm.salesAgents(),
    ]);
    const selected = selectAccounts(campaign.selection, { accounts, deals, salesAgents });
    const accountIds = selected.map((a) => a.id);
    const names = Object.fromEntries(selected.map((a) => [a.id, a.name]));
    const limit = campaign.budgetLimit ?? campaignCost(accountIds.length, campaign.draftTop);
    // A retried selection finds the budget made and keeps it.
    await createBudget(campaign.budgetId, limit);
    await saveSelection(campaignId, accountIds, names, limit);
    logger.info('campaign accounts selected', { accounts: accountIds.length, budget: limit });
    return { accountIds, concurrency: campaign.concurrency };
  },

  prepare: async ({ campaignId, phase, accountId }) => {
    const campaign = await getCampaign(campaignId);
    const prepared = await prepareChildRun(campaign, phase, accountId);
    if (prepared.skipped) {
      await saveAccountSummary(campaignId, phase, prepared.summary);
      logger.warn('campaign account skipped', {
        accountId,
        phase,
        reason: prepared.summary.reason,
      });
      return prepared;
    }
    const running: AccountSummary = { accountId, runId: prepared.runId, status: 'running' };
    await saveAccountSummary(campaignId, phase, running);
    return { skipped: false, summary: running };
  },

  summarize: async ({ campaignId, phase, accountId, runId }) => {
    const result = await summarizeChildRun(phase, accountId, runId);
    await saveAccountSummary(campaignId, phase, result);
    return result;
  },

  fail: async ({ phase, item }) => {
    const { campaignId, accountId, failure: caught } = item;
    const result = failedSummary(accountId, item.prepared?.summary.runId, caught);
    logger.error('campaign account failed', { accountId, phase, error: result.error });
    await saveAccountSummary(campaignId, phase, result);
    return result;
  },

  rank: async ({ campaignId, traceId, approvalTimeoutSeconds, scored }) => {
    const campaign = await getCampaign(campaignId);
    const summaries = scored as unknown as AccountSummary[];
    const top = rankAccounts(campaign.accountIds ?? [], summaries, campaign.draftTop);
    await savePhase(campaignId, 'score', summaries, 'DRAFTING', top);
    logger.info('campaign accounts ranked', { scored: summaries.length, top });
    // Every draft waits for a human; they wait side by side, so the manager
    // sees them all at once instead of `concurrency` at a time.
    // The answer is the workflow's whole state from here on: the scored list
    // stays behind, in the campaign record.
    return {
      campaignId,
      traceId,
      approvalTimeoutSeconds,
      topAccountIds: top,
      draftConcurrency: Math.max(1, top.length),
    };
  },

  finalize: async ({ state: { campaignId, drafted, failure: caught } }) => {
    const campaign = await getCampaign(campaignId);
    if (drafted)
      await savePhase(campaignId, 'draft', drafted as unknown as AccountSummary[], campaign.status);
    const status = caught
      ? 'FAILED'
      : settleCampaign(campaign, drafted as AccountSummary[] | undefined);
    const error = caught && failedSummary('', undefined, caught).error;
    await finishCampaign(campaignId, status, error && { name: error.name, message: error.message });
    emitMetric(`Campaigns${status.charAt(0)}${status.slice(1).toLowerCase()}`, MetricUnit.Count, 1);
    logger.info('campaign finished', { status });
    return { campaignId, status };
  },
};

/**
 * SUCCEEDED when every account was scored and every chosen draft reached a
 * decision (approved, rejected or timed out: all the manager's to make);
 * PARTIAL when any account or draft was skipped or failed.
 */
export function settleCampaign(
  campaign: Pick<CampaignRecord, 'scored'>,
  drafted: AccountSummary[] = [],
): CampaignStatus {
  const all = [...Object.values(campaign.scored), ...drafted];
  return all.every((s) => s.status === 'scored' || s.status === 'drafted')
    ? 'SUCCEEDED'
    : 'PARTIAL';
}

export type { CampaignPhase };
