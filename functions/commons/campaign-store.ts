import type {
  AccountSummary,
  CampaignPhase,
  CampaignRecord,
  CampaignStatus,
} from './campaign-model.js';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient } from './aws-clients.js';
import { readEnvironment } from './config.js';
import { getItem, putNewItem, updateItem } from './dynamo.js';
import { ConflictError, NotFoundError } from './errors.js';

/**
 * The campaigns table: one item per campaign, holding its ordered accounts
 * and one small summary per account and phase. A campaign of the maximum
 * 500 accounts stays far below DynamoDB's 400 KB item limit.
 */

const table = () => readEnvironment().CAMPAIGNS_TABLE;
const now = () => new Date().toISOString();

/** The attribute that holds a phase's summaries. */
const phaseField: Record<CampaignPhase, 'scored' | 'drafts'> = { score: 'scored', draft: 'drafts' };

/** One page of campaigns, in no particular order, and where the next page starts. */
export async function scanCampaigns(
  limit: number,
  startAfter?: string,
): Promise<{ campaigns: CampaignRecord[]; next?: string }> {
  const page = await dynamoDbClient().send(
    new ScanCommand({
      TableName: table(),
      Limit: limit,
      ExclusiveStartKey: startAfter ? marshall({ campaignId: startAfter }) : undefined,
    }),
  );
  return {
    campaigns: (page.Items ?? []).map((item) => unmarshall(item) as CampaignRecord),
    next: page.LastEvaluatedKey ? String(unmarshall(page.LastEvaluatedKey).campaignId) : undefined,
  };
}

export async function createCampaign(campaign: CampaignRecord): Promise<void> {
  const created = await putNewItem(table(), { ...campaign }, 'campaignId');
  if (!created) throw new ConflictError(`campaign ${campaign.campaignId} exists already`);
}

export async function getCampaign(campaignId: string): Promise<CampaignRecord> {
  const campaign = await getItem<CampaignRecord>(table(), { campaignId });
  if (!campaign) throw new NotFoundError(`no campaign with id ${campaignId}`);
  return campaign;
}

/** Stores the selected accounts, in order, and the budget, and starts the score phase. */
export async function saveSelection(
  campaignId: string,
  accountIds: string[],
  accountNames: Record<string, string>,
  budgetLimit: number,
): Promise<void> {
  await updateItem({
    table: table(),
    key: { campaignId },
    set: [
      'accountIds = :ids',
      'accountNames = :names',
      'budgetLimit = :limit',
      '#status = :status',
      'updatedAt = :now',
    ],
    condition: 'attribute_exists(campaignId)',
    names: { '#status': 'status' },
    values: {
      ':ids': accountIds,
      ':names': accountNames,
      ':limit': budgetLimit,
      ':status': 'SCORING',
      ':now': now(),
    },
  });
}

/** Records what became of one account in one phase, as it happens. */
export async function saveAccountSummary(
  campaignId: string,
  phase: CampaignPhase,
  summary: AccountSummary,
): Promise<void> {
  await updateItem({
    table: table(),
    key: { campaignId },
    set: [`${phaseField[phase]}.#account = :summary`, 'updatedAt = :now'],
    condition: 'attribute_exists(campaignId)',
    names: { '#account': summary.accountId },
    values: { ':summary': summary, ':now': now() },
  });
}

/**
 * Replaces a phase's summaries with the Map's output, which is authoritative,
 * and sets the status the campaign moves to.
 */
export async function savePhase(
  campaignId: string,
  phase: CampaignPhase,
  summaries: AccountSummary[],
  status: CampaignStatus,
  ranking?: string[],
): Promise<void> {
  const set = [`${phaseField[phase]} = :summaries`, '#status = :status', 'updatedAt = :now'];
  if (ranking) set.push('ranking = :ranking');
  await updateItem({
    table: table(),
    key: { campaignId },
    set,
    condition: 'attribute_exists(campaignId)',
    names: { '#status': 'status' },
    values: {
      ':summaries': Object.fromEntries(summaries.map((s) => [s.accountId, s])),
      ':status': status,
      ':now': now(),
      ...(ranking ? { ':ranking': ranking } : {}),
    },
  });
}

export async function finishCampaign(
  campaignId: string,
  status: CampaignStatus,
  error?: CampaignRecord['error'],
): Promise<void> {
  const set = ['#status = :status', 'updatedAt = :now', 'finishedAt = :now'];
  if (error) set.push('#error = :error');
  await updateItem({
    table: table(),
    key: { campaignId },
    set,
    condition: 'attribute_exists(campaignId)',
    names: { '#status': 'status', ...(error ? { '#error': 'error' } : {}) },
    values: { ':status': status, ':now': now(), ...(error ? { ':error': error } : {}) },
  });
}

export async function setCampaignExecutionArn(
  campaignId: string,
  executionArn: string,
): Promise<void> {
  await updateItem({
    table: table(),
    key: { campaignId },
    set: ['executionArn = :arn'],
    condition: 'attribute_exists(campaignId)',
    values: { ':arn': executionArn },
  });
}
