import { randomUUID } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { stepFunctionsClient } from '../../commons/aws-clients.js';
import {
  campaignContactSchema,
  campaignStatuses,
  maxCampaignDrafts,
  selectionSchema,
  type CampaignRecord,
} from '../../commons/campaign-model.js';
import {
  createCampaign,
  finishCampaign,
  setCampaignExecutionArn,
} from '../../commons/campaign-store.js';
import { readEnvironment } from '../../commons/config.js';
import { DynamoCrmReader } from '../../commons/crm-store.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { checkSelection } from '../campaign/select-accounts.js';
import { header, HttpError, json, parseBody, publicBaseUrl } from './http.js';
import { startOnceByKey } from './idempotency.js';
import { traceIdFrom } from './start-run.js';

/**
 * `POST /campaigns`: checks the request and that its selection names what
 * the CRM knows, stores the campaign and starts its workflow, which selects
 * the accounts and runs one sales run per account. Answers 202 at once.
 */

export const startCampaignRequestSchema = z.strictObject({
  goal: z.string().trim().min(3).max(500),
  selection: selectionSchema,
  /** How many of the best-fitting accounts get a draft; 0 scores only. */
  draftTop: z.number().int().min(0).max(maxCampaignDrafts).default(10),
  /** Budget units for the whole campaign; by default what its plans cost. */
  budget: z.number().int().min(1).max(1_000_000).optional(),
  /** How many accounts are scored at a time. */
  concurrency: z.number().int().min(1).max(20).default(5),
  contact: campaignContactSchema.optional(),
});
export type StartCampaignRequest = z.infer<typeof startCampaignRequestSchema>;

/** What `POST /campaigns` answers with. */
export const campaignStartedSchema = z.strictObject({
  campaignId: z.string().meta({ examples: ['cmp_1f0c1d7e-5b7a-4c36-9f5e-2f1d1b0c9a11'] }),
  traceId: z.string(),
  status: z.enum(campaignStatuses),
  statusUrl: z.url().meta({ description: 'Where to read it: `GET /campaigns/{campaignId}`.' }),
});

export async function startCampaign(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = parseBody(event, startCampaignRequestSchema);
  const started = await startOnceByKey(event, 'campaigns', request, () =>
    createAndStartCampaign(request, event),
  );
  return json(202, started);
}

async function createAndStartCampaign(
  request: StartCampaignRequest,
  event: APIGatewayProxyEvent,
): Promise<z.infer<typeof campaignStartedSchema>> {
  const env = readEnvironment();
  if (!env.CAMPAIGN_STATE_MACHINE_ARN) throw new Error('CAMPAIGN_STATE_MACHINE_ARN is not set');

  const crm = new DynamoCrmReader();
  const [accounts, salesAgents] = await Promise.all([crm.allAccounts(), crm.salesAgents()]);
  checkSelection(request.selection, { accounts, salesAgents });

  const campaignId = `cmp_${randomUUID()}`;
  const traceId = traceIdFrom(header(event, 'x-amzn-trace-id'));
  bindRun({ runId: campaignId, traceId });
  const createdAt = new Date().toISOString();
  const campaign: CampaignRecord = {
    campaignId,
    traceId,
    status: 'SELECTING',
    goal: request.goal,
    selection: request.selection,
    draftTop: request.draftTop,
    concurrency: request.concurrency,
    contact: request.contact,
    budgetId: campaignId,
    budgetLimit: request.budget,
    scored: {},
    drafts: {},
    createdAt,
    updatedAt: createdAt,
  };
  await createCampaign(campaign);

  try {
    const { executionArn } = await stepFunctionsClient().send(
      new StartExecutionCommand({
        stateMachineArn: env.CAMPAIGN_STATE_MACHINE_ARN,
        name: campaignId,
        input: JSON.stringify({
          campaignId,
          traceId,
          approvalTimeoutSeconds: env.APPROVAL_TIMEOUT_SECONDS,
        }),
        traceHeader: `Root=${traceId};Sampled=1`,
      }),
    );
    if (executionArn) await setCampaignExecutionArn(campaignId, executionArn);
  } catch (error) {
    logger.error('campaign could not start', { err: error });
    await finishCampaign(campaignId, 'FAILED', {
      name: 'StartExecutionFailed',
      message: 'the workflow could not be started',
    });
    throw new HttpError(
      503,
      'workflow_unavailable',
      'the campaign could not be started; try again',
    );
  }

  logger.info('campaign started', { selection: request.selection, draftTop: request.draftTop });
  emitMetric('CampaignsStarted', MetricUnit.Count, 1);
  const started: z.infer<typeof campaignStartedSchema> = {
    campaignId,
    traceId,
    status: campaign.status,
    statusUrl: `${publicBaseUrl(event)}/campaigns/${campaignId}`,
  };
  return started;
}
