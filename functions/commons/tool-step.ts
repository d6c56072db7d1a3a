import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { DynamoCrmReader } from './crm-store.js';
import { asError, classifyFailure, InputError, TransientError } from './errors.js';
import { bindRun, emitMetric, logger, tracer } from './powertools.js';
import { getRun, recordStepOutcome } from './run-store.js';
import { resolveStepInput } from './step-input.js';
import type { AnyTool, Domain } from './tool.js';
import { parseInput } from './validation.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The body of every domain Lambda: load the run, find the step, resolve its
 * input, run the tool with zod on both sides, and record the outcome once.
 *
 * A retried invocation whose step already has an outcome does nothing. A tool
 * error is recorded on the step and thrown again, so the workflow's Catch
 * ends the run with the earlier results kept.
 */

const stepEventSchema = z.object({
  runId: z.string().min(1),
  traceId: z.string().min(1),
  stepId: z.string().min(1),
});

export interface ToolStepResult {
  stepId: string;
  status: 'succeeded' | 'already_recorded';
}

export function createToolStepHandler(domain: Domain, tools: AnyTool[]) {
  const registry = new Map(tools.map((tool) => [tool.name, tool]));

  return async (event: unknown, _context?: Context): Promise<ToolStepResult> => {
    const { runId, traceId, stepId } = parseInput(stepEventSchema, event, `${domain} step event`);
    bindRun({ runId, traceId });

    const run = await getRun(runId);
    if (run.steps[stepId]) return { stepId, status: 'already_recorded' };

    const step = run.plan?.steps.find((s) => s.id === stepId);
    if (!step || step.kind !== 'tool' || step.domain !== domain) {
      throw new InputError(`step ${stepId} is not a ${domain} step of run ${runId}`);
    }
    const tool = registry.get(step.tool);
    if (!tool) throw new InputError(`the ${domain} domain has no tool ${step.tool}`);

    const startedAt = new Date();
    logger.appendKeys({ stepId, tool: tool.name });
    tracer.putAnnotation('tool', tool.name);
    try {
      const input = parseInput(tool.input, resolveStepInput(step.input, run), `${tool.name} input`);
      const output = parseInput(
        tool.output,
        await tool.run(input, { crm: new DynamoCrmReader(), now: new Date(run.createdAt) }),
        `${tool.name} output`,
      );
      const finishedAt = new Date();
      const durationMs = finishedAt.getTime() - startedAt.getTime();
      await recordStepOutcome(runId, stepId, {
        status: 'succeeded',
        output,
        cost: step.cost,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs,
      });
      logger.info('tool step succeeded', { durationMs });
      emitMetric('StepDuration', MetricUnit.Milliseconds, durationMs, { domain, tool: tool.name });
      return { stepId, status: 'succeeded' };
    } catch (thrown) {
      const error = asError(thrown);
      emitMetric('StepErrors', MetricUnit.Count, 1, { domain, tool: tool.name });
      if (error instanceof TransientError) {
        logger.warn('tool step failed transiently; the workflow retries it', { err: error });
        throw error;
      }
      logger.error('tool step failed', { err: error });
      await recordStepOutcome(runId, stepId, {
        status: 'failed',
        error: { class: classifyFailure(error.name), name: error.name, message: error.message },
        cost: step.cost,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
      });
      throw error;
    } finally {
      logger.removeKeys(['stepId', 'tool']);
    }
  };
}
