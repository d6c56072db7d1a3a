import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/commons/aws-clients.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';

/**
 * DynamoDB failing under a run: throttling is retried by the SDK and shows in
 * the logs; a run record that cannot be written fails the run loudly.
 */

const goal = 'Prioritize this account';
let stack: LocalStack;
let api: ApiClient;
let proxy: FaultProxy;
let logged: string[] = [];
const streams = [process.stdout, process.stderr];
const writes = streams.map((stream) => stream.write.bind(stream));

beforeAll(async () => {
  ({ stack, api } = await startTestStack({ logLevel: 'WARN', retryIntervalMs: 5 }));
  proxy = new FaultProxy(stack.dynamodb.endpoint);
  process.env.DYNAMODB_ENDPOINT = await proxy.start();
  resetClients();
  // Powertools writes INFO lines to stdout and WARN and ERROR lines to stderr.
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(String(chunk));
      return writes[i]!(chunk, ...rest);
    }) as typeof stream.write;
  });
});

afterEach(() => {
  proxy.faults.length = 0;
  logged = [];
});

afterAll(async () => {
  streams.forEach((stream, i) => (stream.write = writes[i]!));
  await proxy.stop();
  await stack.close();
});

const logLines = () =>
  logged
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('DynamoDB faults', () => {
  it('retries throttled writes and logs each retried call', async () => {
    const runs = process.env.RUNS_TABLE;
    proxy.faults.push({
      operation: 'UpdateItem',
      table: runs,
      times: 2,
      status: 400,
      type: 'ProvisionedThroughputExceededException',
    });

    const started = await api.startRun({ goal, ...northwind });
    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(done.status).toBe('SUCCEEDED');
    expect(proxy.injected.get('UpdateItem')).toBe(2);
    // Two writes of the run record may overlap, so the two throttles can
    // fall on one call or on two; either way, two retries are logged.
    const retried = logLines().filter((line) => line.message === 'DynamoDB request retried');
    expect(retried.every((line) => line.operation === 'UpdateItemCommand')).toBe(true);
    expect(retried.every((line) => line.level === 'WARN')).toBe(true);
    expect(retried.reduce((sum, line) => sum + Number(line.attempts) - 1, 0)).toBe(2);
  });

  it('answers 500 and starts nothing when the run record cannot be created', async () => {
    proxy.faults.push({
      operation: 'PutItem',
      table: process.env.RUNS_TABLE,
      times: Infinity,
      status: 500,
      type: 'InternalServerError',
    });
    const executions = stack.stepFunctions.listExecutions().length;

    const started = await api.startRun({ goal, ...northwind });

    expect(started.status).toBe(500);
    expect(started.body).toEqual({
      error: 'internal',
      message: 'internal error',
      requestId: expect.any(String),
    });
    expect(stack.stepFunctions.listExecutions().length).toBe(executions);
    expect(
      logLines().some((line) => line.message === 'request failed' && line.level === 'ERROR'),
    ).toBe(true);
  });

  it('fails the execution, not silently, when step results cannot be written', async () => {
    const started = await api.startRun({ goal, ...northwind });
    proxy.faults.push({
      operation: 'UpdateItem',
      table: process.env.RUNS_TABLE,
      times: Infinity,
      status: 500,
      type: 'InternalServerError',
    });

    const execution = stack.stepFunctions
      .listExecutions()
      .find((e) => e.name === started.body.runId)!;
    await execution.done;

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InternalServerError');
    const errors = logLines().filter((line) => line.level === 'ERROR');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((line) => line.runId === started.body.runId)).toBe(true);
  });
});
