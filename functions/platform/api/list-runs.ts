import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { runStatuses } from '../../commons/run-model.js';
import { scanRuns } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';
import { json } from './http.js';

/**
 * `GET /runs`: a page of runs with their status, newest first within the
 * page. It scans the runs table, which suits thousands of runs; a table of
 * millions would want an index by date.
 */

const querySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum(runStatuses).optional(),
  next: z.string().regex(/^run_[0-9a-f-]{36}$/).optional(),
});

export async function listRuns(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const query = parseInput(querySchema, event.queryStringParameters ?? {}, 'query');
  const page = await scanRuns(query.limit, query.next);
  const runs = page.runs
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
  return json(200, { runs, next: page.next });
}
