import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { dynamoDbClient } from '../../functions/commons/aws-clients.js';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { Execution, LocalStepFunctions } from '../local/step-functions.js';
import { startLocalStack } from '../local/stack.js';
import type { BenchReply, BenchRequest, StackEvent, UsageSnapshot } from './protocol.js';

/**
 * The server side of `npm run bench`: the local stack with the sample CRM in
 * a child process of its own (run with --expose-gc), so that the load
 * generator in the parent does not take its CPU or its heap. It reports over
 * IPC what a client cannot see: when a run starts waiting for a decision (the
 * stack's onApprovalRequested hook), when an execution ends and how many
 * states it entered, each function's time (the stack's `hooks.after`), the
 * DynamoDB capacity consumed, and the heap after a full GC.
 */

const sampleDir = fileURLToPath(new URL('../local/sample-crm', import.meta.url));

/** High-resolution wall-clock time, comparable across the two processes. */
const clock = () => performance.timeOrigin + performance.now();

const send = (message: StackEvent | BenchReply) => process.send?.(message);

const usage: UsageSnapshot = {
  functions: {},
  dynamodb: { calls: {}, readUnits: 0, writeUnits: 0 },
  cpuMs: 0,
};

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Run ids of ended executions, with the approval and budget keys they made. */
const approvalsByRun = new Map<string, string[]>();

function recordDuration(name: string, durationMs: number, error?: Error): void {
  const entry = (usage.functions[name] ??= { invocations: 0, totalMs: 0, errors: 0 });
  entry.invocations += 1;
  entry.totalMs += durationMs;
  if (error) entry.errors += 1;
}

/**
 * Asks DynamoDB (dynalite) for the capacity each call consumed, the way the
 * bill counts it, without changing what the functions send otherwise.
 */
function countCapacity(): void {
  const middleware: InitializeMiddleware<object, MetadataBearer> =
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const operation = context.commandName ?? 'unknown';
      usage.dynamodb.calls[operation] = (usage.dynamodb.calls[operation] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const entry of [consumed].flat() as { CapacityUnits?: number }[]) {
        const units = entry?.CapacityUnits ?? 0;
        if (/^(Get|Query|Scan|BatchGet)/.test(operation)) usage.dynamodb.readUnits += units;
        else usage.dynamodb.writeUnits += units;
      }
      return result;
    };
  (dynamoDbClient().middlewareStack as MiddlewareStack<object, MetadataBearer>).add(middleware, {
    step: 'initialize',
    name: 'benchCapacity',
  });
}

/** Reports every execution's end, with the states it entered. */
function watchExecutions(stepFunctions: LocalStepFunctions): void {
  const start = stepFunctions.startExecution.bind(stepFunctions);
  const watched = new WeakSet<Execution>();
  stepFunctions.startExecution = (arn, name, input) => {
    const execution = start(arn, name, input);
    if (!watched.has(execution)) {
      watched.add(execution);
      void execution.done.then(() => {
        const entered = execution.events.filter((e) => e.type === 'StateEntered').length;
        send({
          type: 'ended',
          runId: execution.name,
          status: execution.status,
          stateEntered: entered,
          events: execution.events.length,
          at: clock(),
        });
      });
    }
    return execution;
  };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the bench stack needs node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const apiToken = randomBytes(24).toString('base64url');
  const stack = await startLocalStack({
    port: 0,
    apiToken,
    logLevel: 'SILENT',
    hooks: { after: recordDuration },
    onApprovalRequested: ({ approvalId, url }) => {
      send({ type: 'waiting', approvalId, url, at: clock() });
    },
  });
  countCapacity();
  watchExecutions(stack.stepFunctions);
  const { data } = await importCrmExport(sampleDir);
  await writeCrmData(data);
  // The import's own calls are no part of any run.
  usage.dynamodb = { calls: {}, readUnits: 0, writeUnits: 0 };

  const tables = stack.dynamodb.tableNames;
  const engine = stack.stepFunctions as unknown as {
    executions: Map<string, Execution>;
    aborts: Map<string, () => void>;
    tokens: Map<string, { executionArn: string }>;
  };

  /**
   * Drops what the local glue and the tables keep of the given runs, so the
   * heap that remains tells what the product itself retains.
   */
  const forget = async (what: 'executions' | 'items', runIds: string[]) => {
    const prefix = stack.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:');
    const arns = new Set(runIds.map((id) => `${prefix}:${id}`));
    if (what === 'executions') {
      for (const arn of arns) {
        engine.executions.delete(arn);
        engine.aborts.delete(arn);
      }
      for (const [token, task] of engine.tokens) {
        if (arns.has(task.executionArn)) engine.tokens.delete(token);
      }
      return;
    }
    const client = dynamoDbClient();
    for (const runId of runIds) {
      await client.send(
        new DeleteItemCommand({
          TableName: tables.RUNS_TABLE,
          Key: { runId: { S: runId } },
        }),
      );
      await client.send(
        new DeleteItemCommand({
          TableName: tables.BUDGETS_TABLE,
          Key: { budgetId: { S: runId } },
        }),
      );
      for (const approvalId of approvalsByRun.get(runId) ?? []) {
        await client.send(
          new DeleteItemCommand({
            TableName: tables.APPROVALS_TABLE,
            Key: { approvalId: { S: approvalId } },
          }),
        );
      }
    }
  };

  process.on('message', async (request: BenchRequest) => {
    try {
      let value: unknown;
      if (request.type === 'usage') value = { ...structuredClone(usage), cpuMs: cpuMs() };
      else if (request.type === 'heap') value = heapAfterGc();
      else if (request.type === 'snapshot') {
        heapAfterGc();
        value = writeHeapSnapshot(request.file);
      } else if (request.type === 'approvals') {
        for (const [runId, ids] of Object.entries(request.byRun)) approvalsByRun.set(runId, ids);
      } else if (request.type === 'forget') {
        await forget(request.what, request.runIds);
        if (request.what === 'items') {
          for (const runId of request.runIds) approvalsByRun.delete(runId);
        }
      } else if (request.type === 'stop') {
        await stack.close();
        send({ type: 'reply', id: request.id });
        process.exit(0);
      }
      send({ type: 'reply', id: request.id, value });
    } catch (error) {
      send({ type: 'reply', id: request.id, error: (error as Error).message });
    }
  });
  send({ type: 'ready', apiUrl: stack.apiUrl, apiToken, pid: process.pid });
}

main().catch((error: Error) => {
  process.stderr.write(`the bench stack could not start: ${error.stack}\n`);
  process.exit(1);
});
