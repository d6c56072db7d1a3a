import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { instrument } from '../../commons/instrument.js';
import { forBrowsers, showApproval } from './approval-page.js';
import { decide } from './decide-approval.js';
import { decideCampaignDrafts } from './decide-campaign.js';
import { getCampaignView } from './get-campaign.js';
import { errorResponse, json } from './http.js';
import { getRunView } from './get-run.js';
import { listRuns } from './list-runs.js';
import { routeKey } from './routes.js';
import { startCampaign } from './start-campaign.js';
import { startRun } from './start-run.js';

/**
 * The API function: one Lambda behind every route of the REST API. It
 * dispatches on the route API Gateway matched; each route's module does the
 * work.
 */

type RouteHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const handlers: Record<string, RouteHandler> = {
  [routeKey('POST', '/runs')]: startRun,
  [routeKey('GET', '/runs')]: listRuns,
  [routeKey('GET', '/runs/{runId}')]: getRunView,
  [routeKey('POST', '/campaigns')]: startCampaign,
  [routeKey('GET', '/campaigns/{campaignId}')]: getCampaignView,
  [routeKey('POST', '/campaigns/{campaignId}/decisions')]: decideCampaignDrafts,
  [routeKey('GET', '/approvals/{approvalId}')]: showApproval,
  [routeKey('POST', '/approvals/{approvalId}')]: (event) => forBrowsers(event, decide),
};

export const handler = instrument(
  'api',
  async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const route = handlers[routeKey(event.httpMethod, event.resource)];
    if (!route) return json(404, { error: 'not_found', message: 'no such route' });
    try {
      return await route(event);
    } catch (error) {
      return errorResponse(error, context?.awsRequestId ?? event.requestContext?.requestId ?? '');
    }
  },
);
