import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { instrument } from '../../commons/instrument.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { getRun, savePlan } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';
import { planRun } from './plan-run.js';

/**
 * The Plan state: turns the run's goal into a plan (by the LLM or the rules,
 * see plan-run.ts) and stores it on the run. A retried invocation finds the
 * plan stored and keeps it.
 */

const eventSchema = z.object({ runId: z.string().min(1), traceId: z.string().min(1) });

export const handler = instrument('planner', async (event: unknown) => {
  const { runId, traceId } = parseInput(eventSchema, event, 'planner event');
  bindRun({ runId, traceId });

  const run = await getRun(runId);
  if (run.plan) return { runId, steps: run.plan.steps.length };

  const plan = await planRun(run);
  await savePlan(runId, plan);
  logger.info('run planned', {
    planner: plan.planner,
    fallbackReason: plan.fallbackReason,
    tokens: plan.tokens,
    steps: plan.steps.map((s) => s.id),
  });
  emitMetric('PlannedSteps', MetricUnit.Count, plan.steps.length, { planner: plan.planner });
  return { runId, steps: plan.steps.length };
});
