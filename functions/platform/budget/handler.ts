import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { budgetIdOf, reservationKey, reserveBudget } from '../../commons/budget-store.js';
import { instrument } from '../../commons/instrument.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import type { RunRecord } from '../../commons/run-model.js';
import { getRun, recordStepOutcome } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';

/**
 * The ReserveNextStep state: finds the first planned step with no outcome
 * and, for a tool step, reserves its cost from the run's budget. It answers
 * with the `kind` the workflow routes on: a domain, `approval`, or `done`.
 *
 * When a step does not fit the budget it and every step after it are
 * recorded as `budget_exceeded`, and the run goes to Finalize.
 */

const eventSchema = z.object({ runId: z.string().min(1), traceId: z.string().min(1) });

export type NextStep =
  | { kind: 'intelligence' | 'engagement' | 'qualification' | 'territory'; stepId: string }
  | { kind: 'approval'; stepId: string }
  | { kind: 'done'; stepId: null };

export const handler = instrument('budget', async (event: unknown): Promise<NextStep> => {
  const { runId, traceId } = parseInput(eventSchema, event, 'budget event');
  bindRun({ runId, traceId });
  return reserveNextStep(await getRun(runId));
});

export async function reserveNextStep(run: RunRecord): Promise<NextStep> {
  const steps = run.plan?.steps ?? [];
  const next = steps.findIndex((step) => !run.steps[step.id]);
  const step = steps[next];
  if (!step) return { kind: 'done', stepId: null };
  if (step.kind === 'approval') return { kind: 'approval', stepId: step.id };

  const reservation = await reserveBudget(
    budgetIdOf(run),
    reservationKey(run.runId, step.id),
    step.cost,
  );
  if (reservation.reserved) {
    logger.info('budget reserved', {
      stepId: step.id,
      cost: step.cost,
      remaining: reservation.remaining,
    });
    if (!reservation.repeated) {
      emitMetric('BudgetUnitsSpent', MetricUnit.Count, step.cost, { domain: step.domain });
    }
    return { kind: step.domain, stepId: step.id };
  }

  logger.warn('budget reservation refused', {
    stepId: step.id,
    cost: step.cost,
    remaining: reservation.remaining,
  });
  emitMetric('BudgetReservationsRefused', MetricUnit.Count, 1, { domain: step.domain });
  const finishedAt = new Date().toISOString();
  for (const skipped of steps.slice(next)) {
    await recordStepOutcome(run.runId, skipped.id, {
      status: 'skipped',
      reason: 'budget_exceeded',
      cost: skipped.kind === 'tool' ? skipped.cost : 0,
      finishedAt,
    });
  }
  return { kind: 'done', stepId: null };
}
