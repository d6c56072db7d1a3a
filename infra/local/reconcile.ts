import { recordApprovalTimedOut } from '../../functions/commons/approval-timeout.js';
import type { CampaignStatus } from '../../functions/commons/campaign-model.js';
import { finishCampaign, scanCampaigns } from '../../functions/commons/campaign-store.js';
import { runStatuses, type RunRecord } from '../../functions/commons/run-model.js';
import { finishRun, scanRuns } from '../../functions/commons/run-store.js';

/**
 * The local engine keeps executions in memory, so a restart loses the ones
 * in flight while their runs, kept with --data-dir, still say they are
 * running. This ends those runs as FAILED, and their waiting approvals as
 * timed out, so that no record waits for a workflow that no longer exists.
 * On AWS, executions outlive any process and nothing like this is needed.
 */

const finalStatuses = new Set<RunRecord['status']>(['SUCCEEDED', 'PARTIAL', 'FAILED']);
const finalCampaignStatuses = new Set<CampaignStatus>(['SUCCEEDED', 'PARTIAL', 'FAILED']);

/** Ends the campaigns whose executions a restart lost; returns how many. */
export async function failCampaignsLostInRestart(): Promise<number> {
  let failed = 0;
  let next: string | undefined;
  do {
    const page = await scanCampaigns(100, next);
    for (const campaign of page.campaigns) {
      if (finalCampaignStatuses.has(campaign.status)) continue;
      await finishCampaign(campaign.campaignId, 'FAILED', {
        name: 'ExecutionLost',
        message: 'the local stack stopped while this campaign was in flight; start it again',
      });
      failed += 1;
    }
    next = page.next;
  } while (next);
  return failed;
}

export async function failRunsLostInRestart(now = new Date()): Promise<number> {
  let failed = 0;
  let next: string | undefined;
  do {
    const page = await scanRuns(100, next);
    for (const run of page.runs) {
      if (finalStatuses.has(run.status) || !runStatuses.includes(run.status)) continue;
      await failLostRun(run, now.toISOString());
      failed += 1;
    }
    next = page.next;
  } while (next);
  return failed;
}

async function failLostRun(run: RunRecord, at: string): Promise<void> {
  for (const approval of Object.values(run.approvals)) {
    if (approval.status !== 'PENDING') continue;
    await recordApprovalTimedOut({ ...approval, runId: run.runId }, 'execution_lost', at);
  }
  await finishRun(run.runId, 'FAILED', {
    class: 'internal',
    name: 'ExecutionLost',
    message: 'the local stack stopped while this run was in flight; start the run again',
  });
}
