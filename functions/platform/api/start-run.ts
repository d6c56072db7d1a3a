import { randomBytes, randomUUID } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { stepFunctionsClient } from '../../commons/aws-clients.js';
import { createBudget } from '../../commons/budget-store.js';
import { readEnvironment } from '../../commons/config.js';
import { DynamoCrmReader } from '../../commons/crm-store.js';
import { InputError } from '../../commons/errors.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { runStatuses, type RunRecord } from '../../commons/run-model.js';
import { createRun, finishRun, setExecutionArn } from '../../commons/run-store.js';
import {
  accountIdFromName,
  accountSchema,
  contactSchema,
  type Account,
} from '../../commons/sales-model.js';
import { profiles } from '../planner/profiles.js';
import { planWithRules } from '../planner/rules-planner.js';
import { header, HttpError, json, parseBody, publicBaseUrl } from './http.js';
import { startOnceByKey } from './idempotency.js';

/**
 * `POST /runs`: validates the request, resolves the account, creates the
 * run's record and budget, and starts its execution. Answers 202 at once; the
 * run goes on in the workflow.
 */

const evidenceValue = z.union([z.string().max(2000), z.boolean(), z.number()]);

export const startRunRequestSchema = z
  .strictObject({
    goal: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .meta({ examples: ['Prioritize this account, draft outreach and qualify the deal'] }),
    account: accountSchema
      .partial({ id: true })
      .strict()
      .optional()
      .meta({ description: 'The account inline.' }),
    accountId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'The id or name of an imported account.' }),
    crmRecord: z
      .record(
        z.string().min(1).max(100),
        z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
      )
      .refine((record) => Object.keys(record).length <= 60, 'at most 60 fields')
      .optional()
      .meta({ description: 'An account as a CRM exported it; the plan normalizes it first.' }),
    contact: contactSchema.strict().optional(),
    profile: z
      .enum(profiles)
      .default('rep')
      .meta({ description: 'A manager may also use territory tools.' }),
    budget: z.number().int().min(1).max(10_000).optional().meta({
      description: 'Budget units the run may spend (default: DEFAULT_RUN_BUDGET, 100).',
    }),
    template: z
      .strictObject({ subject: z.string().min(1).max(200), body: z.string().min(1).max(5000) })
      .optional()
      .meta({ description: 'An outreach template; `{{variables}}` are filled in.' }),
    evidence: z
      .record(z.string().max(50), evidenceValue)
      .refine((notes) => Object.keys(notes).length <= 30, 'at most 30 notes')
      .optional()
      .meta({ description: 'What the rep knows of the deal: notes per BANT/MEDDICC element.' }),
  })
  .refine(
    (r) =>
      [r.account, r.accountId, r.crmRecord].filter((given) => given !== undefined).length === 1,
    {
      message:
        'give exactly one of account (inline), accountId (id or name of an imported one) ' +
        'or crmRecord (a record as a CRM exports it)',
      path: ['account'],
    },
  )
  .meta({ description: 'A run to start: give exactly one of account, accountId and crmRecord.' });
export type StartRunRequest = z.infer<typeof startRunRequestSchema>;

/**
 * What `POST /runs` answers with; a repeated request gets the same. The
 * OpenAPI document and the CLI take it from here.
 */
export const runStartedSchema = z.strictObject({
  runId: z.string().meta({ examples: ['run_1f0c1d7e-5b7a-4c36-9f5e-2f1d1b0c9a11'] }),
  traceId: z.string().meta({ examples: ['1-66a1b2c3-0123456789abcdef01234567'] }),
  status: z.enum(runStatuses),
  statusUrl: z.url().meta({ description: 'Where to read the run: `GET /runs/{runId}`.' }),
});
type RunStarted = z.infer<typeof runStartedSchema>;

export async function startRun(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = parseBody(event, startRunRequestSchema);
  const started = await startOnceByKey(event, 'runs', request, () =>
    createAndStartRun(request, event),
  );
  return json(202, started);
}

async function createAndStartRun(
  request: StartRunRequest,
  event: APIGatewayProxyEvent,
): Promise<RunStarted> {
  const env = readEnvironment();
  if (!env.STATE_MACHINE_ARN) throw new Error('STATE_MACHINE_ARN is not set');

  if (request.budget !== undefined && request.budget > env.MAX_RUN_BUDGET) {
    throw new InputError(`budget ${request.budget} is over this stage's maximum`, [
      { field: 'budget', problem: `at most ${env.MAX_RUN_BUDGET} units on this stage` },
    ]);
  }
  const account = await resolveAccount(request);
  // Reject a goal no planner step can serve now, rather than in the workflow;
  // with an LLM configured the goal is the LLM's to read, so nothing is pre-rejected.
  if (!env.OPENAI_API_KEY && !env.LLM_PLANNER_ENABLED) planWithRules(request);

  const runId = `run_${randomUUID()}`;
  const traceId = traceIdFrom(header(event, 'x-amzn-trace-id'));
  bindRun({ runId, traceId });
  const createdAt = new Date().toISOString();
  const run: RunRecord = {
    runId,
    traceId,
    status: 'PLANNING',
    goal: request.goal,
    profile: request.profile,
    account,
    contact: request.contact,
    template: request.template,
    evidence: request.evidence,
    crmRecord: request.crmRecord,
    budgetLimit: request.budget ?? env.DEFAULT_RUN_BUDGET,
    steps: {},
    approvals: {},
    createdAt,
    updatedAt: createdAt,
  };

  await createBudget(runId, run.budgetLimit);
  await createRun(run);
  try {
    const { executionArn } = await stepFunctionsClient().send(
      new StartExecutionCommand({
        stateMachineArn: env.STATE_MACHINE_ARN,
        name: runId,
        input: JSON.stringify({
          runId,
          traceId,
          approvalTimeoutSeconds: env.APPROVAL_TIMEOUT_SECONDS,
        }),
        traceHeader: `Root=${traceId};Sampled=1`,
      }),
    );
    if (executionArn) await setExecutionArn(runId, executionArn);
  } catch (error) {
    logger.error('run could not start', { err: error });
    await finishRun(runId, 'FAILED', {
      class: 'dependency',
      name: 'StartExecutionFailed',
      message: 'the workflow could not be started',
    });
    throw new HttpError(503, 'workflow_unavailable', 'the run could not be started; try again');
  }

  logger.info('run started', { accountId: account.id, profile: run.profile });
  emitMetric('RunsStarted', MetricUnit.Count, 1);
  return { runId, traceId, status: run.status, statusUrl: `${publicBaseUrl(event)}/runs/${runId}` };
}

/** The fields that name a company in the CRM exports the product reads. */
const crmNameFields = ['Name', 'name', 'account', 'company', 'Company', 'account_name'];

async function resolveAccount(request: StartRunRequest): Promise<Account> {
  if (request.crmRecord) {
    const name = crmNameFields
      .map((field) => request.crmRecord?.[field])
      .find((value): value is string => typeof value === 'string' && value.trim().length > 0);
    if (!name) {
      throw new InputError('the CRM record names no company', [
        { field: 'crmRecord', problem: `needs one of the fields ${crmNameFields.join(', ')}` },
      ]);
    }
    return { id: accountIdFromName(name), name: name.trim().slice(0, 200) };
  }
  if (request.account) {
    return {
      ...request.account,
      id: request.account.id ?? accountIdFromName(request.account.name),
    };
  }
  const wanted = request.accountId as string;
  const account = await new DynamoCrmReader().findAccount(wanted);
  if (!account) {
    throw new InputError(`no imported account has the id or name ${wanted}`, [
      { field: 'accountId', problem: `no imported account has the id or name ${wanted}` },
    ]);
  }
  return account;
}

/** The X-Ray root of the caller's trace header, or a new trace id. */
export function traceIdFrom(traceHeader: string | undefined): string {
  const root = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(traceHeader ?? '')?.[1];
  if (root) return root;
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${epoch}-${randomBytes(12).toString('hex')}`;
}
