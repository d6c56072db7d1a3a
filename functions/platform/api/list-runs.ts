import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { runStatuses } from '../../commons/run-model.js';
import { scanRuns } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';
import { profiles } from '../planner/profiles.js';
import { json } from './http.js';

/**
 * `GET /runs`: a page of runs with their status, newest first within the
 * page. It scans the runs table, which suits thousands of runs; a table of
 * millions would want an index by date.
 */

/** The query of `GET /runs`; the OpenAPI document lists its fields as parameters. */
export const listRunsQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .meta({ description: 'How many runs to scan for this page.' }),
  status: z.enum(runStatuses).optional().meta({ description: 'Only runs with this status.' }),
  next: z
    .string()
    .regex(/^run_[0-9a-f-]{36}$/)
    .optional()
    .meta({ description: 'The `next` of the previous page.' }),
});

/** One run in the answer of `GET /runs`. */
export const runSummarySchema = z.strictObject({
  runId: z.string(),
  status: z.enum(runStatuses),
  goal: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  profile: z.enum(profiles),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  approvalUrl: z
    .url()
    .optional()
    .meta({ description: 'The signed link of the waiting approval, while AWAITING_APPROVAL.' }),
});

/** The answer of `GET /runs`: a page of runs, and where the next page starts. */
export const runListSchema = z.strictObject({
  runs: z.array(runSummarySchema),
  next: z
    .string()
    .optional()
    .meta({ description: 'Pass as `next` for the following page; absent on the last.' }),
});
export type RunList = z.infer<typeof runListSchema>;

export async function listRuns(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const query = parseInput(listRunsQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await scanRuns(query.limit, query.next);
  const runs: RunList['runs'] = page.runs
    .filter((run) => !query.status || run.status === query.status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((run) => ({
      runId: run.runId,
      status: run.status,
      goal: run.goal,
      accountId: run.account.id,
      accountName: run.account.name,
      profile: run.profile,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      approvalUrl:
        run.status === 'AWAITING_APPROVAL'
          ? Object.values(run.approvals).find((a) => a.status === 'PENDING')?.url
          : undefined,
    }));
  const answer: RunList = { runs, next: page.next };
  return json(200, answer);
}
