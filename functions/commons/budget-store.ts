import { readEnvironment } from './config.js';
import { getItem, putNewItem, updateItem } from './dynamo.js';

/**
 * The budgets table. A budget has a limit and a `remaining` counter; a
 * reservation is one conditional update that takes `cost` from `remaining`
 * only while `remaining >= cost`, so concurrent reservations can never spend
 * more than the limit. Each reservation is keyed, so a retried one is not
 * charged twice.
 */

export interface Budget {
  budgetId: string;
  limit: number;
  remaining: number;
  spent: number;
  refusals: number;
  reservations: Record<string, number>;
}

export type Reservation =
  { reserved: true; remaining: number; repeated: boolean } | { reserved: false; remaining: number };

const table = () => readEnvironment().BUDGETS_TABLE;

/**
 * The budget a run reserves from: its own (keyed by its run id) unless it
 * names another, as the runs of a campaign name the campaign's.
 */
export function budgetIdOf(run: { runId: string; budgetId?: string }): string {
  return run.budgetId ?? run.runId;
}

/** A reservation's key: unique across every run that shares a budget. */
export function reservationKey(runId: string, what: string): string {
  return `${runId}:${what}`;
}

/** What one run has reserved from a budget, shared or its own. */
export function spentBy(budget: Budget, runId: string): number {
  const prefix = reservationKey(runId, '');
  return Object.entries(budget.reservations)
    .filter(([key]) => key.startsWith(prefix))
    .reduce((sum, [, cost]) => sum + cost, 0);
}

export async function createBudget(budgetId: string, limit: number): Promise<void> {
  const budget: Budget = {
    budgetId,
    limit,
    remaining: limit,
    spent: 0,
    refusals: 0,
    reservations: {},
  };
  await putNewItem(table(), { ...budget }, 'budgetId');
}

export async function findBudget(budgetId: string): Promise<Budget | undefined> {
  return getItem<Budget>(table(), { budgetId });
}

/** Reserves `cost` units under `key`, at most once per key. */
export async function reserveBudget(
  budgetId: string,
  key: string,
  cost: number,
): Promise<Reservation> {
  const updated = await updateItem<Budget>({
    table: table(),
    key: { budgetId },
    set: ['remaining = remaining - :cost', 'spent = spent + :cost', 'reservations.#key = :cost'],
    condition: 'remaining >= :cost AND attribute_not_exists(reservations.#key)',
    names: { '#key': key },
    values: { ':cost': cost },
  });
  if (updated) return { reserved: true, remaining: updated.remaining, repeated: false };

  const budget = await findBudget(budgetId);
  if (!budget) throw new Error(`no budget ${budgetId}`);
  if (budget.reservations[key] !== undefined) {
    return { reserved: true, remaining: budget.remaining, repeated: true };
  }
  await updateItem({
    table: table(),
    key: { budgetId },
    set: ['refusals = refusals + :one'],
    values: { ':one': 1 },
  });
  return { reserved: false, remaining: budget.remaining };
}
