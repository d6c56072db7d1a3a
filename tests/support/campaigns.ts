import { readFileSync } from 'node:fs';
import type { LocalStack } from '../../infra/local/stack.js';
import type { ApiClient } from './local-stack.js';

/**
 * Helpers for campaign tests: the accounts of an office worked out from the
 * raw CSV lines (never through the import or the product's own code), a
 * poll for a campaign's status, and the figures of its executions.
 */

/** The rows of a CSV file without quoted fields, as header-keyed records. */
export function csvRows(dir: string, file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(`${dir}/${file}`, 'utf8').trim().split(/\r?\n/);
  const columns = (head ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

/**
 * The names of the accounts whose owner (the agent on most of their deals,
 * the alphabetically first when tied) works in `office`.
 */
export function officeAccountNames(dir: string, office: string): string[] {
  const offices = new Map(
    csvRows(dir, 'sales_teams.csv').map((r) => [r.sales_agent, r.regional_office]),
  );
  const perAccount = new Map<string, Map<string, number>>();
  for (const deal of csvRows(dir, 'sales_pipeline.csv')) {
    if (!deal.account) continue;
    const agents = perAccount.get(deal.account) ?? new Map<string, number>();
    agents.set(deal.sales_agent ?? '', (agents.get(deal.sales_agent ?? '') ?? 0) + 1);
    perAccount.set(deal.account, agents);
  }
  const names: string[] = [];
  for (const [account, agents] of perAccount) {
    const most = Math.max(...agents.values());
    const owner = [...agents]
      .filter(([, n]) => n === most)
      .map(([a]) => a)
      .sort()[0];
    if (offices.get(owner ?? '') === office) names.push(account);
  }
  return names.sort();
}

/** Polls a campaign until its status is one of `wanted`. */
export async function waitForCampaign(
  api: ApiClient,
  campaignId: string,
  wanted: string[],
  timeoutMs = 60_000,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.request('GET', `/campaigns/${campaignId}`);
    if (wanted.includes(answer.body.status)) return answer.body;
    if (Date.now() > deadline) {
      throw new Error(
        `campaign ${campaignId} is ${answer.body.status}, not ${wanted.join(' or ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls until `count` drafts of a campaign wait for a decision. */
export async function waitForDrafts(
  api: ApiClient,
  campaignId: string,
  count: number,
  timeoutMs = 60_000,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.request('GET', `/campaigns/${campaignId}`);
    if (answer.body.counts?.drafts.waiting === count) return answer.body;
    if (Date.now() > deadline || answer.body.finishedAt) {
      throw new Error(
        `campaign ${campaignId} has ${answer.body.counts?.drafts.waiting} drafts waiting`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A campaign's executions, its own and its child runs', with the states they
 * entered (StateEntered events of the histories, Map items included) and the
 * wall time from the campaign's start to the last one's end.
 */
export function campaignFigures(stack: LocalStack, campaignId: string, runIds: string[]) {
  const wanted = new Set([campaignId, ...runIds]);
  const executions = stack.stepFunctions.listExecutions().filter((e) => wanted.has(e.name));
  const entered = (e: (typeof executions)[number]) =>
    e.events.filter((event) => (event as { type: string }).type === 'StateEntered').length;
  const parent = executions.find((e) => e.name === campaignId);
  const end = Math.max(...executions.map((e) => e.stopDate?.getTime() ?? Date.now()));
  return {
    executions: executions.length,
    stateTransitions: executions.reduce((sum, e) => sum + entered(e), 0),
    parentTransitions: parent ? entered(parent) : 0,
    wallTimeMs: parent ? end - parent.startDate.getTime() : 0,
  };
}
