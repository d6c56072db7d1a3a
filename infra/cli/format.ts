import type { RunList, RunView } from './api-client.js';

/**
 * How the CLI prints runs: aligned plain-text tables that read well in a
 * terminal and survive `grep` and `awk` in a pipe.
 */

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number, last: boolean) =>
    last ? cell : cell.padEnd(widths[column] ?? 0);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, column, column === cells.length - 1))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

type Step = RunView['steps'][number];

/** Why a step ended as it did, or did not run: its reason, else its error. */
function stepReason(step: Step): string {
  return step.reason ?? (step.error ? `${step.error.name}: ${step.error.message}` : '');
}

/** The table a finished `run watch` prints: id, status, cost and reason of each step. */
export function stepTable(run: RunView): string {
  return table(
    ['step', 'status', 'cost', 'reason'],
    run.steps.map((step) => [
      step.id,
      step.status,
      step.cost === undefined ? '-' : String(step.cost),
      stepReason(step),
    ]),
  );
}

/** Steps with an outcome, and all steps of the plan. */
export function stepCounts(run: RunView): { done: number; total: number } {
  const done = run.steps.filter((step) => step.status !== 'pending').length;
  return { done, total: run.steps.length };
}

/** One line on where a run stands, for the plain (not a terminal) progress output. */
export function progressLine(run: RunView): string {
  const { done, total } = stepCounts(run);
  return `run ${run.runId}: ${run.status}, ${done}/${total} steps done`;
}

/** The closing lines of a finished run: its status and the budget used, then the steps. */
export function runSummary(run: RunView): string {
  const { done, total } = stepCounts(run);
  const error = run.error ? `\nerror: ${run.error.name}: ${run.error.message}` : '';
  return (
    `run ${run.runId} ${run.status}: ${done}/${total} steps done, ` +
    `budget ${run.budget.spent} of ${run.budget.limit} spent${error}\n\n${stepTable(run)}`
  );
}

/** `run show`: the run for a person to read. */
export function describeRun(run: RunView): string {
  const account = run.account.name + (run.account.id ? ` (${run.account.id})` : '');
  const fields: [string, string | undefined][] = [
    ['run', run.runId],
    ['status', run.status],
    ['goal', run.goal],
    ['account', account],
    ['contact', run.contact && [run.contact.name, run.contact.email].filter(Boolean).join(', ')],
    ['profile', run.profile],
    ['trace', run.traceId],
    ['planner', run.plan && `${run.plan.planner}: ${run.plan.explanation}`],
    ['budget', `${run.budget.spent} of ${run.budget.limit} spent, ${run.budget.remaining} left`],
    ['approval', run.approvalUrl],
    ['error', run.error && `${run.error.name}: ${run.error.message}`],
    ['created', run.createdAt],
    ['finished', run.finishedAt],
  ];
  const head = fields
    .filter((field): field is [string, string] => Boolean(field[1]))
    .map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`)
    .join('\n');
  return `${head}\n\n${stepTable(run)}`;
}

/** `run list`: one row a run. */
export function runListTable(list: RunList): string {
  return table(
    ['run', 'status', 'created', 'account', 'goal'],
    list.runs.map((run) => [run.runId, run.status, run.createdAt, run.accountName, run.goal]),
  );
}

/**
 * `budget`: the limit, what was spent and what is left, and each tool step's
 * reservation. A step that ran (succeeded or failed) had its cost reserved;
 * one skipped for `budget_exceeded` was refused; a pending one has none yet.
 */
export function budgetReport(run: RunView): string {
  const toolSteps = run.steps.filter((step) => step.kind === 'tool');
  const reserved = (step: Step) => step.status === 'succeeded' || step.status === 'failed';
  const reservation = (step: Step) => {
    if (reserved(step)) return 'reserved';
    if (step.reason === 'budget_exceeded') return 'refused';
    return step.status === 'pending' ? 'not yet' : 'none';
  };
  const accounted = toolSteps.filter(reserved).reduce((sum, step) => sum + (step.cost ?? 0), 0);
  const inFlight = run.budget.spent - accounted;
  const lines = [
    `run ${run.runId} (${run.status})`,
    `limit:     ${run.budget.limit}`,
    `spent:     ${run.budget.spent}`,
    `remaining: ${run.budget.remaining}`,
    ...(inFlight > 0 ? [`in flight: ${inFlight} (reserved by a step still running)`] : []),
    '',
  ];
  const rows = toolSteps.map((step) => [
    step.id,
    step.tool ?? '',
    String(step.cost ?? 0),
    reservation(step),
    step.status,
  ]);
  return `${lines.join('\n')}\n${table(['step', 'tool', 'cost', 'reservation', 'status'], rows)}`;
}
