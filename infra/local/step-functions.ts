import './polyfills.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  localCopy,
  requireTaskTimeouts,
  taskStates,
  timeoutOf,
  tokenFieldOf,
} from './asl-definition.js';

type EventLogs = ReturnType<StateMachine['run']>['eventLogs'];
/** One event of the engine's execution log. */
export type EventLog = EventLogs extends AsyncGenerator<infer E> ? E : never;

/**
 * Step Functions for the local stack: aws-local-stepfunctions runs the same
 * ASL files that CDK deploys, with every Lambda task sent to the in-process
 * functions. This class adds what the engine lacks: several state machines,
 * executions by name, task tokens for `.waitForTaskToken` tasks, child
 * executions for `states:startExecution.sync(:2)` tasks, and a history.
 *
 * The engine honours a Map's MaxConcurrency and MaxConcurrencyPath and
 * starts items in index order; 0 (unlimited on AWS) means 40 here.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  events: EventLog[];
  /** Settles when the execution ends, whatever its status. */
  done: Promise<void>;
}

export class TaskTokenError extends Error {
  constructor(
    readonly code: 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export class ExecutionError extends Error {
  constructor(
    readonly code: 'ExecutionAlreadyExists' | 'ExecutionDoesNotExist' | 'StateMachineDoesNotExist',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

interface PendingTask {
  executionArn: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  state: 'waiting' | 'timed_out' | 'closed';
  /** Marks the task timed out; cleared once the task closes. */
  timer?: NodeJS.Timeout;
}

type Invoke = (functionArn: string, payload: unknown, traceId?: string) => Promise<unknown>;

/** One state machine the local Step Functions hosts. */
interface HostedMachine {
  arn: string;
  /** The definition after substitution, as AWS would hold it. */
  definition: Record<string, unknown>;
  machine: StateMachine;
  retryIntervals?: Record<string, number>;
}

/** Where a state machine's definition comes from. */
export interface MachineSource {
  definitionFile: string;
  substitutions: Record<string, string>;
}

export class LocalStepFunctions {
  /** The first state machine's ARN: the sales run. */
  readonly stateMachineArn: string;
  private readonly machines = new Map<string, HostedMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly aborts = new Map<string, () => void>();
  private readonly tokens = new Map<string, PendingTask>();
  /** Child executions started by `.sync` tasks, by parent execution. */
  private readonly children = new Map<string, Set<string>>();
  private readonly retryIntervalMs?: number;

  constructor(
    options: MachineSource & {
      invoke: Invoke;
      name?: string;
      /** Pause between retries instead of the definition's, to keep tests short. */
      retryIntervalMs?: number;
      /** Called when a task starts waiting for a token, with what its function returned. */
      onTaskTokenIssued?: (executionArn: string, result: unknown) => void;
    },
  ) {
    this.invoke = options.invoke;
    this.onTaskTokenIssued = options.onTaskTokenIssued;
    this.retryIntervalMs = options.retryIntervalMs;
    this.stateMachineArn = this.addStateMachine(options.name ?? 'sales-run', options);
  }

  /** Hosts one more state machine; its substitutions may name machines added before. */
  addStateMachine(name: string, source: MachineSource): string {
    const arn = `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;
    let text = readFileSync(source.definitionFile, 'utf8');
    for (const [key, value] of Object.entries(source.substitutions)) {
      text = text.replaceAll(`\${${key}}`, value);
    }
    const leftover = /\$\{[A-Za-z0-9]+\}/.exec(text);
    if (leftover) throw new Error(`no substitution for ${leftover[0]} in ${source.definitionFile}`);
    const definition = JSON.parse(text) as Record<string, unknown>;
    requireTaskTimeouts(definition, source.definitionFile);
    const machine = new StateMachine(localCopy(definition) as never, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
    const interval = this.retryIntervalMs;
    const retryIntervals =
      interval === undefined
        ? undefined
        : Object.fromEntries(taskStates(definition).map(([stateName]) => [stateName, interval]));
    this.machines.set(arn, { arn, definition, machine, retryIntervals });
    return arn;
  }

  private readonly invoke: Invoke;
  private readonly onTaskTokenIssued?: (executionArn: string, result: unknown) => void;

  /** The sales run's definition after substitution, as AWS would hold it. */
  get substitutedDefinition(): Record<string, unknown> {
    return this.definitionOf(this.stateMachineArn);
  }

  /** A hosted machine's definition after substitution. */
  definitionOf(stateMachineArn: string): Record<string, unknown> {
    const hosted = this.machines.get(stateMachineArn);
    if (!hosted)
      throw new ExecutionError('StateMachineDoesNotExist', `no state machine ${stateMachineArn}`);
    return structuredClone(hosted.definition);
  }

  startExecution(stateMachineArn: string, name: string | undefined, input = '{}'): Execution {
    const hosted = this.machines.get(stateMachineArn);
    if (!hosted) {
      throw new ExecutionError('StateMachineDoesNotExist', `no state machine ${stateMachineArn}`);
    }
    const executionName = name ?? randomBytes(16).toString('hex');
    const executionsOf = stateMachineArn.replace(':stateMachine:', ':execution:');
    const executionArn = `${executionsOf}:${executionName}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input === input && existing.status === 'RUNNING') return existing;
      throw new ExecutionError(
        'ExecutionAlreadyExists',
        `execution ${executionName} exists already`,
      );
    }

    const parsed = JSON.parse(input) as unknown;
    const startDate = new Date();
    const run = hosted.machine.run(parsed as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(hosted, executionArn, parsed) as never,
        retryIntervalOverrides: hosted.retryIntervals,
      },
      context: {
        Execution: {
          Id: executionArn,
          Name: executionName,
          Input: parsed,
          StartTime: startDate.toISOString(),
        },
        StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').pop() },
        Task: { Token: '' },
      } as never,
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name: executionName,
      input,
      status: 'RUNNING',
      startDate,
      events: [],
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, execution);
    this.aborts.set(executionArn, run.abort);

    const collect = (async () => {
      for await (const event of run.eventLogs) execution.events.push(event);
    })();
    execution.done = run.result
      .then((output: unknown) => {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output ?? null);
      })
      .catch((error: Error & { cause?: Error }) => {
        const inner = error.cause ?? error;
        execution.status = error.name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED';
        if (error.name === 'ExecutionTimeoutError') execution.status = 'TIMED_OUT';
        execution.error = inner.name;
        execution.cause = inner.message;
      })
      .then(async () => {
        execution.stopDate = new Date();
        this.closeTokens(executionArn);
        await collect.catch(() => undefined);
      });
    return execution;
  }

  describeExecution(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution) {
      throw new ExecutionError('ExecutionDoesNotExist', `no execution ${executionArn}`);
    }
    return execution;
  }

  listExecutions(): Execution[] {
    return [...this.executions.values()];
  }

  /** Stops an execution and, as AWS does for `.sync` tasks, the children it waits on. */
  stopExecution(executionArn: string, error?: string, cause?: string): Date {
    const execution = this.describeExecution(executionArn);
    if (execution.status === 'RUNNING') {
      this.aborts.get(executionArn)?.();
      execution.error = error;
      execution.cause = cause;
      for (const child of this.children.get(executionArn) ?? []) this.stopExecution(child);
    }
    return new Date();
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.takeToken(taskToken).resolve(JSON.parse(output));
  }

  sendTaskFailure(taskToken: string, error = 'States.TaskFailed', cause = ''): void {
    const failure = new Error(cause);
    failure.name = error;
    this.takeToken(taskToken).reject(failure);
  }

  /** Aborts every running execution, as when the stack shuts down. */
  stopAll(): void {
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING') this.aborts.get(execution.executionArn)?.();
    }
  }

  /** Resolves when every execution started so far has ended. */
  async settle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  private takeToken(taskToken: string): PendingTask {
    const task = this.tokens.get(taskToken);
    if (!task) throw new TaskTokenError('InvalidToken', 'the task token is not valid');
    if (task.state === 'timed_out') throw new TaskTokenError('TaskTimedOut', 'the task timed out');
    if (task.state === 'closed') throw new TaskTokenError('TaskDoesNotExist', 'the task has ended');
    task.state = 'closed';
    clearTimeout(task.timer);
    return task;
  }

  private closeTokens(executionArn: string): void {
    for (const task of this.tokens.values()) {
      if (task.executionArn !== executionArn || task.state !== 'waiting') continue;
      task.state = 'closed';
      clearTimeout(task.timer);
    }
  }

  /**
   * A `states:startExecution.sync` task: starts the child execution, waits
   * for its end and answers as DescribeExecution does. A child that does not
   * succeed fails the task with `States.TaskFailed` and that description as
   * the cause, as on AWS.
   */
  private async runChildExecution(
    parentArn: string,
    input: ChildExecutionInput,
    parsedOutput: boolean,
  ): Promise<Record<string, unknown>> {
    const text = typeof input.Input === 'string' ? input.Input : JSON.stringify(input.Input ?? {});
    let child: Execution;
    try {
      child = this.startExecution(input.StateMachineArn, input.Name, text);
    } catch (error) {
      if (!(error instanceof ExecutionError)) throw error;
      const failure = new Error(error.message);
      failure.name = `StepFunctions.${error.code}Exception`;
      throw failure;
    }
    const siblings = this.children.get(parentArn) ?? new Set<string>();
    this.children.set(parentArn, siblings.add(child.executionArn));
    await child.done;

    const json = (value: string | undefined) =>
      parsedOutput && value !== undefined ? (JSON.parse(value) as unknown) : value;
    const description = {
      ExecutionArn: child.executionArn,
      StateMachineArn: child.stateMachineArn,
      Name: child.name,
      Status: child.status,
      StartDate: child.startDate.getTime(),
      StopDate: child.stopDate?.getTime(),
      Input: json(child.input),
      InputDetails: { Included: true },
      ...(child.status === 'SUCCEEDED'
        ? { Output: json(child.output), OutputDetails: { Included: true } }
        : { Error: child.error, Cause: child.cause }),
    };
    if (child.status === 'SUCCEEDED') return description;
    const failure = new Error(JSON.stringify(description));
    failure.name = 'States.TaskFailed';
    throw failure;
  }

  /** One local handler per Task state, by state name, as the engine expects. */
  private taskHandlers(hosted: HostedMachine, executionArn: string, executionInput: unknown) {
    const traceId = (executionInput as { traceId?: string } | null)?.traceId;
    const handlers: Record<string, (input: never) => Promise<unknown>> = {};
    for (const [stateName, state] of taskStates(hosted.definition)) {
      const resource = String(state.Resource);
      if (resource === 'arn:aws:states:::lambda:invoke') {
        handlers[stateName] = async (input: { FunctionName: string; Payload: unknown }) => ({
          ExecutedVersion: '$LATEST',
          Payload: await this.invoke(input.FunctionName, input.Payload, traceId),
          StatusCode: 200,
        });
      } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        const tokenField = tokenFieldOf(state);
        handlers[stateName] = async (input: { FunctionName: string; Payload: unknown }) => {
          const token = randomBytes(48).toString('base64url');
          const { promise, resolve, reject } = Promise.withResolvers<unknown>();
          const task: PendingTask = { executionArn, resolve, reject, state: 'waiting' };
          this.tokens.set(token, task);
          const timeoutSeconds = timeoutOf(state, input);
          if (timeoutSeconds) {
            task.timer = setTimeout(() => {
              if (task.state === 'waiting') task.state = 'timed_out';
            }, timeoutSeconds * 1000).unref();
          }
          const payload = { ...(input.Payload as object), [tokenField]: token };
          const result = await this.invoke(input.FunctionName, payload, traceId);
          this.onTaskTokenIssued?.(executionArn, result);
          return promise;
        };
      } else if (syncResources.has(resource)) {
        const parsedOutput = resource.endsWith(':2');
        handlers[stateName] = (input: ChildExecutionInput) =>
          this.runChildExecution(executionArn, input, parsedOutput);
      } else {
        throw new Error(`the local stack cannot run the resource ${resource} of ${stateName}`);
      }
    }
    return handlers;
  }
}

/** The `.sync` flavours of starting a child execution; `:2` gives Input and Output as JSON. */
const syncResources = new Set([
  'arn:aws:states:::states:startExecution.sync',
  'arn:aws:states:::states:startExecution.sync:2',
]);

/** The Parameters of a `states:startExecution.sync` task. */
interface ChildExecutionInput {
  StateMachineArn: string;
  Name?: string;
  Input?: unknown;
}
