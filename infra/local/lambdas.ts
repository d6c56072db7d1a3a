import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

/**
 * The product's Lambda functions, run in this process. Each invocation gets
 * a Lambda-like context and its own invoke store, so that Powertools keeps
 * the log keys of concurrent invocations apart, as Lambda would. A thrown
 * error comes out the way Step Functions reports a Lambda error: its name as
 * the error, and a JSON cause with the message.
 */

type Handler = (event: unknown, context?: Context) => Promise<unknown>;

/** The local names of the functions, and the modules that hold them. */
const modules: Record<string, () => Promise<{ handler: Handler }>> = {
  api: () => import('../../functions/platform/api/handler.js') as Promise<{ handler: Handler }>,
  planner: () => import('../../functions/platform/planner/handler.js'),
  budget: () => import('../../functions/platform/budget/handler.js'),
  'approval-request': () => import('../../functions/platform/approval/request-handler.js'),
  finalize: () => import('../../functions/platform/finalize/handler.js'),
  campaign: () => import('../../functions/platform/campaign/handler.js'),
  intelligence: () => import('../../functions/intelligence/handler.js'),
  engagement: () => import('../../functions/engagement/handler.js'),
  qualification: () => import('../../functions/qualification/handler.js'),
  territory: () => import('../../functions/territory/handler.js'),
};

export type FunctionName = keyof typeof modules;
export const functionNames = Object.keys(modules) as FunctionName[];

const region = 'us-east-1';
const account = '000000000000';

/** The ARN the workflow definition names a local function by. */
export function functionArn(name: FunctionName): string {
  return `arn:aws:lambda:${region}:${account}:function:cugar-local-${name}`;
}

function nameFromArn(arn: string): FunctionName {
  const name =
    arn
      .split(':')
      .pop()
      ?.replace(/^cugar-local-/, '') ?? '';
  if (!(name in modules)) throw new Error(`no local function for ${arn}`);
  return name as FunctionName;
}

/** A Lambda function error as Step Functions sees it. */
export class LambdaFunctionError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

/** Hooks the stack uses to watch invocations: timings, faults in tests. */
export interface InvokeHooks {
  before?: (name: FunctionName, event: unknown) => void | Promise<void>;
  after?: (name: FunctionName, durationMs: number, error?: Error) => void;
}

export class LocalLambdas {
  private readonly loaded = new Map<FunctionName, Promise<Handler>>();

  constructor(private readonly hooks: InvokeHooks = {}) {}

  /** Invokes a function by its ARN or local name, like a synchronous Invoke. */
  async invoke(arnOrName: string, event: unknown, traceId?: string): Promise<unknown> {
    const name = arnOrName.startsWith('arn:')
      ? nameFromArn(arnOrName)
      : (arnOrName as FunctionName);
    const handler = await this.handler(name);
    const requestId = randomUUID();
    const started = performance.now();
    const store = await InvokeStore.getInstanceAsync(true);
    const keys = InvokeStoreBase.PROTECTED_KEYS;
    return store.run({ [keys.REQUEST_ID]: requestId, [keys.X_RAY_TRACE_ID]: traceId }, async () => {
      try {
        await this.hooks.before?.(name, event);
        const result = await handler(structuredClone(event), lambdaContext(name, requestId));
        this.hooks.after?.(name, performance.now() - started);
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        this.hooks.after?.(name, performance.now() - started, error);
        throw new LambdaFunctionError(error.name, error.message);
      }
    });
  }

  private handler(name: FunctionName): Promise<Handler> {
    let handler = this.loaded.get(name);
    if (!handler) {
      const loader = modules[name];
      if (!loader) throw new Error(`no local function ${name}`);
      handler = loader().then((module) => module.handler);
      this.loaded.set(name, handler);
    }
    return handler;
  }
}

function lambdaContext(name: string, requestId: string): Context {
  const deadline = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `cugar-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:cugar-local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/cugar-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
