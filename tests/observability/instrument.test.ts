import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFunctionOutput, lineName, type MetricEvent } from './function-output.js';

/**
 * instrument, the wrapper of every handler: metrics a handler emitted or
 * buffered before it threw are still written, and the run it bound does not
 * follow the process into the next invocation.
 */

const changed = [
  'POWERTOOLS_METRICS_DISABLED',
  'POWERTOOLS_LOG_LEVEL',
  'AWS_LAMBDA_MAX_CONCURRENCY',
];
const saved = { ...process.env };
let instrument: typeof import('../../functions/commons/instrument.js').instrument;
let powertools: typeof import('../../functions/commons/powertools.js');

beforeAll(async () => {
  // The metrics singleton reads these when its module loads.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
  ({ instrument } = await import('../../functions/commons/instrument.js'));
  powertools = await import('../../functions/commons/powertools.js');
});

afterAll(() => {
  for (const key of changed) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const ids = { runId: 'run_00000000-0000-4000-8000-000000000001', traceId: '1-6a000000-abc' };

describe('instrument', () => {
  it('writes the metrics of a handler that throws, emitted and buffered alike', async () => {
    const handler = instrument('test', async () => {
      powertools.bindRun(ids);
      powertools.emitMetric('StepErrors', MetricUnit.Count, 1, { tool: 'draft-outreach' });
      powertools.metrics.addMetric('BufferedBeforeThrow', MetricUnit.Count, 2);
      throw new Error('tool exploded');
    });

    const { result, lines, unparsed } = await captureFunctionOutput(() =>
      handler({}).then(
        () => 'returned',
        (error: Error) => error.message,
      ),
    );

    expect(result).toBe('tool exploded');
    expect(unparsed).toEqual([]);
    const events = lines as MetricEvent[];
    expect(events.map(lineName)).toEqual(['StepErrors', 'BufferedBeforeThrow']);
    expect(events[0]).toMatchObject({ ...ids, value: 1, namespace: 'CugarSales' });
    expect(events[1]).toMatchObject({ value: 2, namespace: 'CugarSales' });
  });

  it('leaves no run bound once the invocation is over', async () => {
    const handler = instrument('test', async () => powertools.bindRun(ids));
    await handler({});

    const { lines } = await captureFunctionOutput(async () => {
      powertools.emitMetric('RunsStarted', MetricUnit.Count, 1);
    });

    expect(powertools.currentRun()).toEqual({ runId: undefined, traceId: undefined });
    expect(lines).toEqual([
      expect.objectContaining({ name: 'RunsStarted', runId: undefined, traceId: undefined }),
    ]);
  });
});
