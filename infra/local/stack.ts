import './polyfills.js';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { InvokeStore } from '@aws/lambda-invoke-store';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { resetClients } from '../../functions/commons/aws-clients.js';
import { logger } from '../../functions/commons/powertools.js';
import { openApiDocument } from '../../functions/platform/api/openapi.js';
import { dashboardRoute } from './dashboard/route.js';
import { startLocalDynamoDb, type LocalDynamoDb } from './dynamodb.js';
import { startHttpFront, type LocalRoute } from './http-front.js';
import { functionArn, LocalLambdas, type InvokeHooks } from './lambdas.js';
import { startStepFunctionsApi } from './sfn-api.js';
import { LocalStepFunctions } from './step-functions.js';

/**
 * The whole product on one machine: DynamoDB (dynalite), Step Functions (the
 * ASL file on aws-local-stepfunctions, behind its API), the functions in
 * process, and an HTTP front for the API. The functions are configured only
 * through their environment, exactly as on AWS.
 */

export const definitionFile = fileURLToPath(
  new URL('../../statemachines/sales-run.asl.json', import.meta.url),
);

/** The campaign workflow, which starts sales runs as child executions. */
export const campaignDefinitionFile = fileURLToPath(
  new URL('../../statemachines/campaign.asl.json', import.meta.url),
);

/** The ASL substitutions, as the CDK app makes them with real ARNs. */
export const localSubstitutions: Record<string, string> = {
  PlannerFunctionArn: functionArn('planner'),
  BudgetFunctionArn: functionArn('budget'),
  IntelligenceFunctionArn: functionArn('intelligence'),
  EngagementFunctionArn: functionArn('engagement'),
  QualificationFunctionArn: functionArn('qualification'),
  TerritoryFunctionArn: functionArn('territory'),
  ApprovalRequestFunctionArn: functionArn('approval-request'),
  FinalizeFunctionArn: functionArn('finalize'),
};

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Keep DynamoDB data here across restarts; in memory when absent. */
  dataDir?: string;
  approvalTimeoutSeconds?: number;
  defaultRunBudget?: number;
  signingKey?: string;
  /** Bearer token the API's run routes require; none when absent. */
  apiToken?: string;
  /** Log level of the functions' Powertools logger. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  metrics?: boolean;
  hooks?: InvokeHooks;
  /** Pause between the workflow's retries, in place of the definition's. */
  retryIntervalMs?: number;
  localRoutes?: Record<string, LocalRoute>;
  onApprovalRequested?: (approval: { approvalId: string; url: string }) => void;
}

export interface LocalStack {
  apiUrl: string;
  dynamodb: LocalDynamoDb;
  stepFunctions: LocalStepFunctions;
  lambdas: LocalLambdas;
  sfnEndpoint: string;
  campaignStateMachineArn: string;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  await useConcurrentInvokeStore();
  const dynamodb = await startLocalDynamoDb({ dataDir: options.dataDir });
  const lambdas = new LocalLambdas(options.hooks);
  const stepFunctions = new LocalStepFunctions({
    definitionFile,
    substitutions: localSubstitutions,
    invoke: (arn, payload, traceId) => lambdas.invoke(arn, payload, traceId),
    retryIntervalMs: options.retryIntervalMs,
    onTaskTokenIssued: (_arn, result) => {
      const requested = result as { approvalId?: string; url?: string } | null;
      if (requested?.approvalId && requested.url) {
        options.onApprovalRequested?.({ approvalId: requested.approvalId, url: requested.url });
      }
    },
  });
  const campaignStateMachineArn = stepFunctions.addStateMachine('campaign', {
    definitionFile: campaignDefinitionFile,
    substitutions: {
      CampaignFunctionArn: functionArn('campaign'),
      SalesRunStateMachineArn: stepFunctions.stateMachineArn,
    },
  });
  const sfnApi = await startStepFunctionsApi(stepFunctions);

  Object.assign(process.env, {
    ...dynamodb.environment,
    SFN_ENDPOINT: sfnApi.endpoint,
    STATE_MACHINE_ARN: stepFunctions.stateMachineArn,
    CAMPAIGN_STATE_MACHINE_ARN: campaignStateMachineArn,
    APPROVAL_TIMEOUT_SECONDS: String(options.approvalTimeoutSeconds ?? 3600),
    DEFAULT_RUN_BUDGET: String(options.defaultRunBudget ?? 100),
    APPROVAL_SIGNING_KEY: options.signingKey ?? randomBytes(32).toString('base64url'),
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: options.metrics ? 'false' : 'true',
  });
  // The logger was made when this module loaded, before the level above was set.
  logger.setLogLevel(options.logLevel ?? 'WARN');
  resetClients();

  const api = (event: APIGatewayProxyEvent) =>
    lambdas.invoke('api', event) as Promise<APIGatewayProxyResult>;
  const front = await startHttpFront({
    port: options.port ?? 0,
    api,
    apiToken: options.apiToken,
    // GET / is the dashboard, reading runs through the API function.
    localRoutes: {
      'GET /': dashboardRoute(api),
      'GET /openapi.json': serveOpenApiDocument,
      ...options.localRoutes,
    },
  });
  process.env.PUBLIC_API_URL = front.url;

  return {
    apiUrl: front.url,
    dynamodb,
    stepFunctions,
    lambdas,
    sfnEndpoint: sfnApi.endpoint,
    campaignStateMachineArn,
    close: async () => {
      await closeServer(front.server);
      stepFunctions.stopAll();
      await stepFunctions.settle().catch(() => undefined);
      await closeServer(sfnApi.server);
      resetClients();
      await dynamodb.close();
    },
  };
}

/**
 * Makes the process's invoke store the concurrent kind, before anything else
 * makes it: the AWS SDK makes the store on its first call (the tables are made
 * by SDK calls), as the sequential kind unless AWS_LAMBDA_MAX_CONCURRENCY is
 * set by then, and every invocation would then share one set of log keys and
 * run ids, as if Lambda ran them all in one context.
 */
async function useConcurrentInvokeStore(): Promise<void> {
  process.env.AWS_LAMBDA_MAX_CONCURRENCY = '64';
  const store = await InvokeStore.getInstanceAsync(true);
  const key = Symbol('probe');
  const seen = await Promise.all(
    [1, 2].map((probe) =>
      store.run({ [key]: probe }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return store.get(key);
      }),
    ),
  );
  if (seen[0] !== 1 || seen[1] !== 2) {
    throw new Error('the invoke store was made for one invocation at a time before the stack');
  }
}

/**
 * `GET /openapi.json`: the API's OpenAPI document, generated from its zod
 * schemas, with this stack as its server. Open, as a deployed stage would
 * publish it beside the API.
 */
const serveOpenApiDocument: LocalRoute = (request, response) => {
  const document = openApiDocument(`http://${request.headers.host ?? '127.0.0.1'}`);
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(document));
};

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
